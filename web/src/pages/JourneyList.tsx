// The journey list: name, version, status badge, entered and in-progress counts of the version
// shown (the live or paused one, else the latest), filter by status, search by name, and the
// "…" menu of lifecycle actions the status allows.
import { useCallback, useEffect, useState } from 'react';
import { api, type JourneySummary, type Report, type VersionStatus } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Notice } from '../components/Notice';
import { useLifecycleAction } from '../components/LifecycleAction';
import { Menu } from '../components/Menu';
import { StatusBadge } from '../components/StatusBadge';
import { ACTION_LABELS, journeyActions, primaryVersion } from '../lifecycle';
import { Link, journeyHref, navigate } from '../router';

const STATUSES: VersionStatus[] = ['draft', 'live', 'paused', 'closed', 'stopped', 'finished'];

type Counts = Record<string, Report | 'error'>;

export function JourneyList() {
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [journeys, setJourneys] = useState<JourneySummary[] | null>(null);
  const [counts, setCounts] = useState<Counts>({});
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const list = await api.listJourneys(status || undefined);
      setJourneys(list);
      const entries = await Promise.all(
        list.map(async (j) => {
          const v = primaryVersion(j);
          const key = `${j.id}/${v.version}`;
          try {
            return [key, await api.report(j.id, v.version)] as const;
          } catch {
            return [key, 'error' as const] as const;
          }
        }),
      );
      setCounts(Object.fromEntries(entries));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [status]);

  useEffect(() => {
    load();
  }, [load]);

  const lifecycle = useLifecycleAction(({ action, result }) => {
    if (action.kind === 'duplicate' && result) {
      setNotice(`Duplicated as “${result.definition.name}” (${result.id}).`);
    } else if (action.kind === 'newVersion' && result) {
      setNotice(`Version ${result.version} of ${result.id} created as a draft.`);
    } else {
      setNotice(`${ACTION_LABELS[action.kind]}: done${result ? `, version ${result.version} is ${result.status}` : ''}.`);
    }
    load();
  });

  const needle = search.trim().toLowerCase();
  const shown = (journeys ?? []).filter((j) => !needle || j.name.toLowerCase().includes(needle));

  return (
    <div className="page">
      <div className="page-head">
        <h1>Journeys</h1>
        <div className="filters">
          <input
            type="search"
            placeholder="Search by name"
            aria-label="Search by name"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <select aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <button type="button" onClick={load} disabled={loading}>
            Refresh
          </button>
        </div>
      </div>
      <Notice text={notice} onDismiss={() => setNotice('')} />
      <ErrorBanner error={error} />
      {loading && journeys === null && <div className="loading">Loading journeys…</div>}
      {journeys !== null && (
        <table className="journeys">
          <thead>
            <tr>
              <th>Name</th>
              <th>Version</th>
              <th>Status</th>
              <th className="num">Entered</th>
              <th className="num">In progress</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={6} className="empty">
                  {journeys.length === 0
                    ? status
                      ? `No journey has a ${status} version.`
                      : 'No journeys yet. Create one with POST /v1/journeys or `parcours journeys create FILE`.'
                    : `No journey named like “${search}”.`}
                </td>
              </tr>
            )}
            {shown.map((j) => {
              const v = primaryVersion(j);
              const report = counts[`${j.id}/${v.version}`];
              const others = j.versions.filter((x) => x.version !== v.version);
              const hasRunning = j.versions.some((x) => x.status === 'live' || x.status === 'paused');
              return (
                <tr key={j.id} data-journey={j.id}>
                  <td>
                    <Link href={journeyHref(j.id, v.version)} className="journey-name">
                      {j.name}
                    </Link>
                    <div className="sub">{j.id}</div>
                  </td>
                  <td>
                    v{v.version}
                    {others.length > 0 && (
                      <div className="sub">
                        {others.map((o) => (
                          <span key={o.version} className="other-version">
                            v{o.version} {o.status}
                          </span>
                        ))}
                      </div>
                    )}
                  </td>
                  <td>
                    <StatusBadge status={v.status} />
                  </td>
                  <td className="num" data-count="entered">
                    {report === undefined ? '…' : report === 'error' ? '—' : report.entered}
                  </td>
                  <td className="num" data-count="in_progress">
                    {report === undefined ? '…' : report === 'error' ? '—' : report.instances.in_progress}
                  </td>
                  <td className="actions">
                    <div className="row-actions">
                      <Menu
                        label="…"
                        ariaLabel={`Actions for ${j.name}`}
                        items={journeyActions(j.versions, v.version).map((a) => ({
                          key: `${a.kind}-${a.version}`,
                          label: a.label,
                          danger: a.kind === 'stop' || a.kind === 'delete',
                          onSelect: () =>
                            lifecycle.start(a, { journeyId: j.id, journeyName: j.name, hasRunningVersion: hasRunning }),
                        }))}
                      />
                      <button type="button" className="link" onClick={() => navigate(journeyHref(j.id, v.version))}>
                        Open
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {lifecycle.element}
    </div>
  );
}
