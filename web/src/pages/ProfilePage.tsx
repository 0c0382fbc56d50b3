// Profile lookup: the profile's attributes, every journey it entered (oldest first) with the
// instance's status, current activity (with its label) and exit, and the step history with the
// reason for each branch.
import { useEffect, useState } from 'react';
import { ApiError, api, type Instance, type Profile, type VersionObject } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { StatusBadge } from '../components/StatusBadge';
import { Link, journeyHref, navigate, profileHref } from '../router';

export function ProfilePage({ profileId }: { profileId: string }) {
  const [query, setQuery] = useState(profileId);
  const [profile, setProfile] = useState<Profile | null | 'unknown'>(null);
  const [instances, setInstances] = useState<Instance[] | null>(null);
  const [versions, setVersions] = useState<Record<string, VersionObject | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!profileId) return;
    let cancelled = false;
    setLoading(true);
    setError(null);
    (async () => {
      try {
        const [p, list] = await Promise.all([
          api.profile(profileId).catch((e) => {
            if (e instanceof ApiError && e.status === 404) return 'unknown' as const;
            throw e;
          }),
          api.profileJourneys(profileId),
        ]);
        if (cancelled) return;
        setProfile(p);
        setInstances(list);
        // The versions the instances ran on, for the labels of their activities.
        const keys = [...new Set(list.map((i) => `${i.journeyId}/${i.version}`))];
        const loaded = await Promise.all(
          keys.map(async (k) => {
            const [jid, v] = k.split('/');
            try {
              return [k, await api.version(jid, Number(v))] as const;
            } catch {
              return [k, null] as const; // a deleted version: ids only
            }
          }),
        );
        if (!cancelled) setVersions(Object.fromEntries(loaded));
      } catch (e) {
        if (!cancelled) setError(e);
      } finally {
        if (!cancelled) setLoading(false);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [profileId]);

  const labelOf = (i: Instance, node: string | null) => {
    if (!node) return '—';
    const v = versions[`${i.journeyId}/${i.version}`];
    const n = v?.definition.nodes.find((x) => x.id === node);
    return n?.label ? `${n.label} (${node})` : node;
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Profiles</h1>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            if (query.trim()) navigate(profileHref(query.trim()));
          }}
        >
          <input
            aria-label="Profile id"
            placeholder="Profile id"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button type="submit">Look up</button>
        </form>
      </div>
      {!profileId && <p className="sub">Enter a profile id to see its journeys and the steps it took.</p>}
      <ErrorBanner error={error} />
      {loading && <div className="loading">Loading {profileId}…</div>}
      {profileId && !loading && profile !== null && (
        <section className="profile">
          <h2>{profileId}</h2>
          {profile === 'unknown' ? (
            <p className="sub">No attributes: this profile was never set nor seen in an event.</p>
          ) : Object.keys(profile.attributes).length === 0 ? (
            <p className="sub">No attributes.</p>
          ) : (
            <dl className="attributes">
              {Object.entries(profile.attributes).map(([k, v]) => (
                <div key={k} className="dl-row">
                  <dt>{k}</dt>
                  <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      )}
      {profileId && !loading && instances !== null && (
        <section>
          <h2>Journeys</h2>
          {instances.length === 0 && <p className="sub">This profile has not entered any journey.</p>}
          {instances.map((i) => {
            const v = versions[`${i.journeyId}/${i.version}`];
            return (
              <article key={i.id} className="instance" data-instance={i.id}>
                <header>
                  <Link href={journeyHref(i.journeyId, i.version)}>
                    {v?.definition.name ?? i.journeyId} · v{i.version}
                  </Link>{' '}
                  <StatusBadge status={i.status} />
                  <span className="sub">
                    {' '}
                    entered {new Date(i.enteredAt).toLocaleString()}
                    {i.endedAt && <> · ended {new Date(i.endedAt).toLocaleString()}</>}
                  </span>
                </header>
                <div className="instance-facts">
                  <span>
                    {i.status === 'in_progress' ? 'Currently at' : 'Ended at'}: <b>{labelOf(i, i.currentNode)}</b>
                  </span>
                  {i.exitReason && (
                    <span>
                      Exit reason: <b>{i.exitReason}</b>
                    </span>
                  )}
                  {i.endTag && (
                    <span>
                      End tag: <b>{labelOf(i, i.endTag)}</b>
                    </span>
                  )}
                </div>
                <table className="history">
                  <thead>
                    <tr>
                      <th>Time</th>
                      <th>Activity</th>
                      <th>Outcome</th>
                      <th>Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(i.history ?? []).map((h, k) => (
                      <tr key={k} className={h.outcome === 'branch' || h.outcome === 'otherwise' ? 'branch' : ''}>
                        <td>{new Date(h.at).toLocaleString()}</td>
                        <td>{labelOf(i, h.node)}</td>
                        <td>{h.outcome}</td>
                        <td>{h.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </article>
            );
          })}
        </section>
      )}
    </div>
  );
}
