// A journey's page: the version switcher and the lifecycle drop-down at the top right, the
// validation problems, the canvas with live counts, the report panel (last 24 hours and all
// time) and the version's transitions.
import { useCallback, useEffect, useState } from 'react';
import {
  api,
  whereProfilesAre,
  type Definition,
  type JourneyNode,
  type JourneyObject,
  type Report,
  type Validation,
  type VersionObject,
} from '../api';
import { Canvas, type NodeCounts } from '../components/Canvas';
import { ErrorBanner } from '../components/ErrorBanner';
import { Notice } from '../components/Notice';
import { useLifecycleAction } from '../components/LifecycleAction';
import { Menu } from '../components/Menu';
import { StatusBadge } from '../components/StatusBadge';
import { ACTION_LABELS, STATUS_TEXT, actionsFor, type LifecycleAction } from '../lifecycle';
import { Link, journeyHref, navigate } from '../router';

interface Live {
  all: Report;
  day: Report;
  here: Record<string, number>;
  hereComplete: boolean;
}

function pickVersion(j: JourneyObject, wanted?: number): VersionObject | undefined {
  if (wanted) return j.versions.find((v) => v.version === wanted);
  return (
    j.versions.find((v) => v.status === 'live' || v.status === 'paused') ??
    j.versions.reduce((a, b) => (b.version > a.version ? b : a))
  );
}

export function JourneyPage({ id, version }: { id: string; version?: number }) {
  const [journey, setJourney] = useState<JourneyObject | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState<Live | null>(null);
  const [liveError, setLiveError] = useState<unknown>(null);
  const [validation, setValidation] = useState<Validation | null>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setJourney(await api.journey(id));
    } catch (e) {
      setLoadError(e);
    }
  }, [id]);
  useEffect(() => {
    load();
  }, [load]);

  const selected = journey ? pickVersion(journey, version) : undefined;
  const selectedKey = selected ? `${selected.version}/${selected.status}` : '';

  // Counts are reloaded when the version shown or its status changes (keyed on selectedKey, not on
  // the version object, which every reload of the journey replaces), and every 10 s unless a draft.
  const loadLive = useCallback(async () => {
    if (!selected) return;
    try {
      const [all, day, where] = await Promise.all([
        api.report(id, selected.version),
        api.report(id, selected.version, '24h'),
        whereProfilesAre(id, selected.version),
      ]);
      setLive({ all, day, here: where.byNode, hereComplete: where.complete });
      setLiveError(null);
    } catch (e) {
      setLiveError(e);
    }
  }, [id, selectedKey]);

  useEffect(() => {
    setLive(null);
    loadLive();
    if (!selected || selected.status === 'draft') return;
    const timer = window.setInterval(loadLive, 10000);
    return () => window.clearInterval(timer);
  }, [loadLive]);

  useEffect(() => {
    if (!selected) return;
    setValidation(null);
    api
      .validate(id, selected.version)
      .then(setValidation)
      .catch((e) => setError(e));
  }, [id, selectedKey, selected?.definition]);

  const lifecycle = useLifecycleAction(({ action, result }) => {
    setNotice(
      `${ACTION_LABELS[action.kind]}: done${result ? `, ${result.id} version ${result.version} is ${result.status}` : ''}.`,
    );
    if ((action.kind === 'duplicate' || action.kind === 'newVersion') && result) {
      navigate(journeyHref(result.id, result.version));
      if (action.kind === 'newVersion') load();
      return;
    }
    if (action.kind === 'delete') {
      api.journey(id).then(
        (j) => {
          setJourney(j);
          navigate(journeyHref(id));
        },
        () => navigate('/'),
      );
      return;
    }
    load().then(loadLive);
  });

  // Labels change through PUT of the whole definition with only the label different, which the
  // server also allows on a published version (API.md).
  const saveDefinition = useCallback(
    async (change: (n: JourneyNode) => JourneyNode, what: string) => {
      if (!selected) return;
      const definition: Definition = { ...selected.definition, nodes: selected.definition.nodes.map(change) };
      setError(null);
      try {
        const updated = await api.putDefinition(id, selected.version, definition);
        setJourney((j) =>
          j ? { ...j, versions: j.versions.map((v) => (v.version === updated.version ? updated : v)) } : j,
        );
        setNotice(what);
      } catch (e) {
        setError(e);
        throw e;
      }
    },
    [id, selected],
  );
  const onRename = useCallback(
    (nodeId: string, label: string) =>
      saveDefinition((n) => (n.id === nodeId ? { ...n, label } : n), `Renamed ${nodeId} to “${label}”.`),
    [saveDefinition],
  );
  const onRenameBranch = useCallback(
    (nodeId: string, branch: number, label: string) =>
      saveDefinition(
        (n) =>
          n.id === nodeId && n.branches
            ? { ...n, branches: n.branches.map((b, i) => (i === branch ? { ...b, label } : b)) }
            : n,
        `Renamed branch ${branch + 1} of ${nodeId} to “${label}”.`,
      ),
    [saveDefinition],
  );

  if (loadError && !journey) {
    return (
      <div className="page">
        <p>
          <Link href="/">← Journeys</Link>
        </p>
        <ErrorBanner error={loadError} />
      </div>
    );
  }
  if (!journey) return <div className="page loading">Loading journey {id}…</div>;
  if (!selected) {
    return (
      <div className="page">
        <p>
          <Link href={journeyHref(id)}>← {journey.name}</Link>
        </p>
        <ErrorBanner error={new Error(`${id} has no version ${version}`)} />
      </div>
    );
  }

  const hasRunning = journey.versions.some((v) => v.status === 'live' || v.status === 'paused');
  const hasDraft = journey.versions.some((v) => v.status === 'draft');
  const latest = journey.versions.reduce((a, b) => (b.version > a.version ? b : a));
  const actions: LifecycleAction[] = actionsFor(selected.status).map((kind) => ({
    kind,
    version: selected.version,
    label: ACTION_LABELS[kind],
  }));
  if (!hasDraft) actions.push({ kind: 'newVersion', version: latest.version, label: ACTION_LABELS.newVersion });
  actions.push({ kind: 'duplicate', version: selected.version, label: ACTION_LABELS.duplicate });
  // Delete last in the menu.
  actions.sort((a, b) => Number(a.kind === 'delete') - Number(b.kind === 'delete'));

  const counts: Record<string, NodeCounts> | null = live
    ? Object.fromEntries(
        selected.definition.nodes.map((n) => [
          n.id,
          {
            entered: live.all.nodes[n.id]?.entered ?? 0,
            here: live.here[n.id] ?? 0,
            failed: live.all.nodes[n.id]?.failed ?? 0,
          },
        ]),
      )
    : null;
  const endCounts = live
    ? Object.fromEntries(Object.entries(live.all.endTags).map(([k, v]) => [k, v.count]))
    : null;
  const problems = { errors: validation?.errors ?? [], warnings: validation?.warnings ?? [] };

  return (
    <div className="page journey-page">
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link href="/">Journeys</Link> / <span>{journey.id}</span>
          </div>
          <h1>
            {selected.definition.name} <StatusBadge status={selected.status} />
          </h1>
          <div className="sub">
            {STATUS_TEXT[selected.status]}
            {selected.status === 'paused' && selected.pausedUntil && (
              <>
                {' '}
                · {selected.pauseMode} until {new Date(selected.pausedUntil).toLocaleString()}
              </>
            )}
          </div>
        </div>
        <div className="head-actions">
          <label>
            Version{' '}
            <select
              aria-label="Version"
              value={selected.version}
              onChange={(e) => navigate(journeyHref(id, Number(e.target.value)))}
            >
              {[...journey.versions]
                .sort((a, b) => b.version - a.version)
                .map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version} · {v.status}
                  </option>
                ))}
            </select>
          </label>
          <button type="button" onClick={() => load().then(loadLive)}>
            Refresh
          </button>
          <Menu
            className="lifecycle-menu"
            label="Lifecycle ▾"
            ariaLabel="Lifecycle"
            items={actions.map((a) => ({
              key: `${a.kind}-${a.version}`,
              label: a.label,
              danger: a.kind === 'stop' || a.kind === 'delete',
              onSelect: () =>
                lifecycle.start(a, { journeyId: id, journeyName: selected.definition.name, hasRunningVersion: hasRunning }),
            }))}
          />
        </div>
      </div>
      <Notice text={notice} onDismiss={() => setNotice('')} />
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <ErrorBanner error={liveError} />
      {validation && (validation.errors.length > 0 || validation.warnings.length > 0) && (
        <div className={`validation ${validation.errors.length ? 'invalid' : 'warn'}`} data-testid="validation">
          <strong>
            {validation.errors.length
              ? `${validation.errors.length} validation error${validation.errors.length > 1 ? 's' : ''}: this version cannot be published until they are fixed.`
              : `${validation.warnings.length} warning${validation.warnings.length > 1 ? 's' : ''}.`}
          </strong>
          <ul>
            {validation.errors.map((p, i) => (
              <li key={`e${i}`} className="problem-error">
                ⛔ {p.node && <b>{p.node}: </b>}
                {p.message} <code>{p.path}</code>
              </li>
            ))}
            {validation.warnings.map((p, i) => (
              <li key={`w${i}`} className="problem-warning">
                ⚠ {p.node && <b>{p.node}: </b>}
                {p.message} <code>{p.path}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="journey-body">
        <Canvas
          key={`${id}/${selected.version}`}
          definition={selected.definition}
          counts={counts}
          endCounts={endCounts}
          problems={problems}
          onRename={onRename}
          onRenameBranch={onRenameBranch}
        />
        <aside className="side">
          <ReportPanel live={live} />
          {live && !live.hereComplete && (
            <p className="sub">“Currently here” counts the first 20,000 profiles inside.</p>
          )}
          <h3>Transitions</h3>
          <ul className="transitions">
            {selected.history.map((h, i) => (
              <li key={i}>
                {new Date(h.at).toLocaleString()} · <b>{h.action}</b> by {h.by}
                {h.reason && <> ({h.reason})</>}
              </li>
            ))}
          </ul>
        </aside>
      </div>
      {lifecycle.element}
    </div>
  );
}

function ReportColumn({ title, report, allEnds }: { title: string; report: Report; allEnds: boolean }) {
  // Busiest end tags first; with many, the first ten unless all are asked for.
  const sorted = Object.entries(report.endTags).sort((a, b) => b[1].count - a[1].count);
  const ends = allEnds ? sorted : sorted.slice(0, 10);
  const discards = Object.entries(report.discarded);
  return (
    <div className="report-col" data-window={title}>
      <h4>{title}</h4>
      <dl>
        <dt>Entered</dt>
        <dd data-report="entered">{report.entered}</dd>
        <dt>In progress</dt>
        <dd data-report="in_progress">{report.instances.in_progress}</dd>
        <dt>Finished</dt>
        <dd data-report="finished">{report.instances.finished}</dd>
        <dt>Error</dt>
        <dd data-report="error">{report.instances.error}</dd>
        <dt>Timed out</dt>
        <dd data-report="timed_out">{report.instances.timed_out}</dd>
      </dl>
      <h5>Exits by end tag</h5>
      {ends.length === 0 ? (
        <p className="sub">none</p>
      ) : (
        <dl>
          {ends.map(([k, v]) => (
            <div key={k} className="dl-row">
              <dt title={k}>{v.label}</dt>
              <dd>{v.count}</dd>
            </div>
          ))}
        </dl>
      )}
      <h5>Discarded</h5>
      {discards.length === 0 ? (
        <p className="sub">none</p>
      ) : (
        <dl>
          {discards.map(([k, n]) => (
            <div key={k} className="dl-row">
              <dt>{k}</dt>
              <dd>{n}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function ReportPanel({ live }: { live: Live | null }) {
  const [allEnds, setAllEnds] = useState(false);
  const endTags = live ? Object.keys(live.all.endTags).length : 0;
  return (
    <section className="report" aria-label="Report">
      <h3>Report</h3>
      {!live ? (
        <div className="loading">Loading report…</div>
      ) : (
        <div className="report-cols">
          <ReportColumn title="Last 24 hours" report={live.day} allEnds={allEnds} />
          <ReportColumn title="All time" report={live.all} allEnds={allEnds} />
        </div>
      )}
      {endTags > 10 && (
        <button type="button" className="link" onClick={() => setAllEnds((a) => !a)}>
          {allEnds ? 'Show the busiest 10 end tags' : `Show all ${endTags} end tags`}
        </button>
      )}
    </section>
  );
}
