import { useState } from 'react';
import { Link, useLocation } from './router';
import { TokenBox } from './components/TokenBox';
import { JourneyList } from './pages/JourneyList';
import { JourneyPage } from './pages/JourneyPage';
import { ProfilePage } from './pages/ProfilePage';
import { getToken } from './api';

export function App() {
  const { path, query } = useLocation();
  // Changing the token reloads whatever the page shows.
  const [tokenEpoch, setTokenEpoch] = useState(0);
  const [hasToken, setHasToken] = useState(getToken() !== '');
  let page;
  let m: RegExpMatchArray | null;
  if (path === '/' || path === '/journeys' || path === '/index.html') {
    page = <JourneyList key={tokenEpoch} />;
  } else if ((m = path.match(/^\/journeys\/([^/]+)\/?$/))) {
    const version = Number(query.get('version')) || undefined;
    page = <JourneyPage key={`${tokenEpoch}-${m[1]}`} id={decodeURIComponent(m[1])} version={version} />;
  } else if (path === '/profiles' || path === '/profiles/') {
    const pid = query.get('id') ?? '';
    page = <ProfilePage key={`${tokenEpoch}-${pid}`} profileId={pid} />;
  } else {
    page = (
      <div className="page">
        <h1>Not found</h1>
        <p>
          No console page at <code>{path}</code>. <Link href="/">Journeys</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="app">
      <header className="topbar">
        <Link href="/" className="brand">
          Parcours
        </Link>
        <nav>
          <Link href="/" className={path.startsWith('/profiles') ? '' : 'active'}>
            Journeys
          </Link>
          <Link href="/profiles" className={path.startsWith('/profiles') ? 'active' : ''}>
            Profiles
          </Link>
        </nav>
        <TokenBox
          hasToken={hasToken}
          onChange={(has) => {
            setHasToken(has);
            setTokenEpoch((e) => e + 1);
          }}
        />
      </header>
      <main>{page}</main>
    </div>
  );
}
