// An API error as the server said it: title, detail, and each problem with its JSON path.
import { ApiError } from '../api';

export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <div className="error-banner" role="alert">
      <div className="error-head">
        <strong>{e ? e.title : 'Error'}</strong>
        {e && e.status > 0 && <span className="error-status">HTTP {e.status}</span>}
        {onDismiss && (
          <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        )}
      </div>
      <div className="error-detail">{e ? e.detail : String(error)}</div>
      {e && e.problems.length > 0 && (
        <ul>
          {e.problems.map((p, i) => (
            <li key={i}>
              {p.path && <code>{p.path}</code>} {p.node && <em>(activity {p.node})</em>} {p.message}
            </li>
          ))}
        </ul>
      )}
      {e && <div className="error-request">{e.request}</div>}
      {e && e.status === 401 && <div>Paste a token with “Set token” at the top right.</div>}
    </div>
  );
}
