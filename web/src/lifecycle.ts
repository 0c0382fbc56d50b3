// Which lifecycle actions a version's status allows (DESIGN.md, "Transitions"), and what the
// confirmation dialogs say, in DESIGN.md's words. The server decides in the end: a refused
// action comes back as a 409 problem and is shown as such.
import type { JourneySummary, VersionStatus } from './api';

export type ActionKind =
  | 'publish'
  | 'pause'
  | 'resume'
  | 'close'
  | 'stop'
  | 'newVersion'
  | 'duplicate'
  | 'delete';

export interface LifecycleAction {
  kind: ActionKind;
  version: number;
  label: string;
}

export const ACTION_LABELS: Record<ActionKind, string> = {
  publish: 'Publish',
  pause: 'Pause',
  resume: 'Resume',
  close: 'Close to new entrances',
  stop: 'Stop',
  newVersion: 'New version',
  duplicate: 'Duplicate',
  delete: 'Delete',
};

// Actions on one version, given its status.
export function actionsFor(status: VersionStatus): ActionKind[] {
  switch (status) {
    case 'draft':
      return ['publish', 'delete'];
    case 'live':
      return ['pause', 'close', 'stop'];
    case 'paused':
      return ['resume', 'close', 'stop'];
    case 'closed':
      return ['stop'];
    case 'stopped':
      return [];
    case 'finished':
      return ['delete'];
  }
}

// The version a journey is shown by in the list: the live or paused one, else the latest.
export function primaryVersion(j: JourneySummary): { version: number; status: VersionStatus } {
  const running = j.versions.find((v) => v.status === 'live' || v.status === 'paused');
  if (running) return running;
  return j.versions.reduce((a, b) => (b.version > a.version ? b : a));
}

// Everything the "…" menu of a journey offers: the actions of its running version and of its
// draft (when it has one), then New version (only without a draft: at most one draft per
// journey), Duplicate (of the version shown) and Delete where the status allows.
export function journeyActions(
  versions: { version: number; status: VersionStatus }[],
  shown: number,
): LifecycleAction[] {
  const several = versions.length > 1;
  const named = (kind: ActionKind, version: number) =>
    several ? `${ACTION_LABELS[kind]} (v${version})` : ACTION_LABELS[kind];
  const out: LifecycleAction[] = [];
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const shownStatus = sorted.find((v) => v.version === shown)?.status;
  const draft = sorted.find((v) => v.status === 'draft');
  // Publish first (the draft), then what the shown version allows.
  if (draft) out.push({ kind: 'publish', version: draft.version, label: named('publish', draft.version) });
  if (shownStatus) {
    for (const kind of actionsFor(shownStatus)) {
      if (kind === 'publish' || kind === 'delete') continue;
      out.push({ kind, version: shown, label: named(kind, shown) });
    }
  }
  // Other running versions (a closed older version next to a live one) can still be stopped.
  for (const v of sorted) {
    if (v.version === shown || v.status !== 'closed') continue;
    out.push({ kind: 'stop', version: v.version, label: named('stop', v.version) });
  }
  const latest = sorted[sorted.length - 1];
  if (!draft) out.push({ kind: 'newVersion', version: latest.version, label: ACTION_LABELS.newVersion });
  out.push({ kind: 'duplicate', version: shown, label: named('duplicate', shown) });
  for (const v of sorted) {
    if (v.status === 'draft' || v.status === 'finished') {
      out.push({ kind: 'delete', version: v.version, label: named('delete', v.version) });
    }
  }
  return out;
}

// What the confirmation dialog of an action says, or null when the action needs none.
export interface Confirmation {
  title: string;
  paragraphs: string[];
  confirm: string;
  danger: boolean;
}

export function confirmationFor(
  kind: ActionKind,
  journeyName: string,
  version: number,
  inProgress: number | null,
  hasRunningVersion: boolean,
): Confirmation | null {
  const inside =
    inProgress === null
      ? 'Profiles already inside'
      : inProgress === 1
        ? 'The 1 profile inside right now'
        : `The ${inProgress} profiles inside right now`;
  const name = `“${journeyName}” version ${version}`;
  switch (kind) {
    case 'close':
      return {
        title: `Close ${name} to new entrances?`,
        paragraphs: [
          'Close to new entrances: no new entries; profiles already inside go on to their end.',
          `${inside} ${inProgress === 1 ? 'goes' : 'go'} on to their end.`,
          'A closed version can never be reopened. To reuse it, create a new version or duplicate the journey.',
        ],
        confirm: 'Close to new entrances',
        danger: false,
      };
    case 'stop':
      return {
        title: `Stop ${name}?`,
        paragraphs: [
          'Stopped in an emergency: every profile inside is halted at once; nothing runs.',
          `${inside === 'Profiles already inside' ? 'Every in_progress instance' : inside} ${inProgress === 1 ? 'ends' : 'end'} at once as timed_out with exit reason journey_stopped; timers and pending actions are dropped.`,
          'A stopped version can never be restarted. To reuse it, create a new version or duplicate the journey.',
        ],
        confirm: 'Stop now',
        danger: true,
      };
    case 'publish':
      return hasRunningVersion
        ? {
            title: `Publish ${name}?`,
            paragraphs: [
              'Publishing it closes the previous live version: its profiles finish there; new entries go to the new version.',
              'A published version is read-only: only names, descriptions and labels may change.',
            ],
            confirm: 'Publish',
            danger: false,
          }
        : null;
    case 'delete':
      return {
        title: `Delete ${name}?`,
        paragraphs: [
          'The version is deleted. Deleting a journey’s last version deletes the journey; ended instances stay in profile histories.',
        ],
        confirm: 'Delete',
        danger: true,
      };
    default:
      return null;
  }
}

export const PAUSE_TEXT = [
  'Paused: live, but held for a while: new entries are discarded; profiles inside are held (or discarded) when they reach their next action; it resumes by hand or automatically when the pause runs out (at most 14 days). The global timeout keeps running.',
];
export const PAUSE_MODES = {
  hold: 'Hold: profiles wait at their next action, and go on when it resumes.',
  discard: 'Discard: profiles exit at their next action (exit reason paused_discard).',
};

export const STATUS_TEXT: Record<VersionStatus, string> = {
  draft: 'editable; nobody can enter',
  live: 'published: read-only, accepts new entries, runs its profiles',
  closed: 'closed to new entrances: no new entries; profiles already inside go on to their end',
  paused: 'live, but held for a while: new entries are discarded',
  stopped: 'stopped in an emergency: every profile inside was halted at once; nothing runs',
  finished: 'over: the global timeout has run out since it closed; nothing runs',
};
