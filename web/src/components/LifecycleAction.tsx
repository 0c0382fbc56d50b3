// Runs a lifecycle action (publish, pause, resume, close, stop, new version, duplicate, delete)
// on a version, through its confirmation dialog when it has one, and reports the outcome.
import { useState } from 'react';
import { api, type VersionObject } from '../api';
import {
  ACTION_LABELS,
  PAUSE_MODES,
  PAUSE_TEXT,
  confirmationFor,
  type LifecycleAction,
} from '../lifecycle';
import { Dialog } from './Dialog';
import { ErrorBanner } from './ErrorBanner';

export interface ActionContext {
  journeyId: string;
  journeyName: string;
  hasRunningVersion: boolean;
}

export interface ActionOutcome {
  action: LifecycleAction;
  result: VersionObject | undefined;
}

async function perform(
  a: LifecycleAction,
  id: string,
  pause: { mode: 'hold' | 'discard'; duration: string },
): Promise<VersionObject | undefined> {
  switch (a.kind) {
    case 'publish':
      return api.publish(id, a.version);
    case 'pause':
      return api.pause(id, a.version, pause.mode, pause.duration);
    case 'resume':
      return api.resume(id, a.version);
    case 'close':
      return api.close(id, a.version);
    case 'stop':
      return api.stop(id, a.version);
    case 'newVersion':
      return api.newVersion(id);
    case 'duplicate':
      return api.duplicate(id, a.version);
    case 'delete':
      await api.deleteVersion(id, a.version);
      return undefined;
  }
}

// The number of profiles inside a version right now (for the dialogs), or null when unknown.
async function inProgressOf(id: string, version: number): Promise<number | null> {
  try {
    return (await api.report(id, version)).instances.in_progress;
  } catch {
    return null;
  }
}

export function useLifecycleAction(onDone: (outcome: ActionOutcome) => void) {
  const [pending, setPending] = useState<{ action: LifecycleAction; ctx: ActionContext; inside: number | null } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pauseMode, setPauseMode] = useState<'hold' | 'discard'>('hold');
  const [pauseFor, setPauseFor] = useState('P14D');

  const run = async (action: LifecycleAction, ctx: ActionContext) => {
    setBusy(true);
    setError(null);
    try {
      const result = await perform(action, ctx.journeyId, { mode: pauseMode, duration: pauseFor });
      setPending(null);
      onDone({ action, result });
    } catch (e) {
      setError(e);
      if (!pending) setPending({ action, ctx, inside: null });
    } finally {
      setBusy(false);
    }
  };

  const start = async (action: LifecycleAction, ctx: ActionContext) => {
    setError(null);
    const needsDialog = ['close', 'stop', 'pause', 'delete', 'publish'].includes(action.kind);
    if (!needsDialog) {
      await run(action, ctx);
      return;
    }
    const inside = action.kind === 'close' || action.kind === 'stop' ? await inProgressOf(ctx.journeyId, action.version) : null;
    const c = confirmationFor(action.kind, ctx.journeyName, action.version, inside, ctx.hasRunningVersion);
    if (!c && action.kind !== 'pause') {
      await run(action, ctx);
      return;
    }
    setPauseMode('hold');
    setPauseFor('P14D');
    setPending({ action, ctx, inside });
  };

  let element = null;
  if (pending) {
    const { action, ctx, inside } = pending;
    const c = confirmationFor(action.kind, ctx.journeyName, action.version, inside, ctx.hasRunningVersion);
    const cancel = () => {
      setPending(null);
      setError(null);
    };
    if (action.kind === 'pause') {
      element = (
        <Dialog
          title={`Pause “${ctx.journeyName}” version ${action.version}?`}
          confirm="Pause"
          busy={busy}
          onConfirm={() => run(action, ctx)}
          onCancel={cancel}
        >
          {PAUSE_TEXT.map((p) => (
            <p key={p}>{p}</p>
          ))}
          <fieldset>
            <legend>Profiles inside</legend>
            {(['hold', 'discard'] as const).map((m) => (
              <label key={m} className="radio">
                <input type="radio" name="pause-mode" checked={pauseMode === m} onChange={() => setPauseMode(m)} />
                {PAUSE_MODES[m]}
              </label>
            ))}
          </fieldset>
          <label>
            For (ISO-8601 duration, at most P14D){' '}
            <input value={pauseFor} onChange={(e) => setPauseFor(e.target.value)} aria-label="Pause duration" />
          </label>
          <ErrorBanner error={error} />
        </Dialog>
      );
    } else if (c) {
      element = (
        <Dialog
          title={c.title}
          confirm={c.confirm}
          danger={c.danger}
          busy={busy}
          onConfirm={() => run(action, ctx)}
          onCancel={cancel}
        >
          {c.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
          <ErrorBanner error={error} />
        </Dialog>
      );
    } else {
      // An action with no dialog that failed: its error in a dialog of its own.
      element = (
        <Dialog title={`${ACTION_LABELS[action.kind]} failed`} confirm="Try again" busy={busy} onConfirm={() => run(action, ctx)} onCancel={cancel}>
          <ErrorBanner error={error} />
        </Dialog>
      );
    }
  }
  return { start, element, busy };
}
