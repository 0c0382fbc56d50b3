// A dismissible confirmation of what the last action did (nothing shown when `text` is empty).
export function Notice({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  if (!text) return null;
  return (
    <div className="notice" role="status">
      {text}
      <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
