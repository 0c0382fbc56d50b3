// Paste a token: kept in sessionStorage (gone when the tab closes), sent as a Bearer token.
import { useState } from 'react';
import { setToken } from '../api';

export function TokenBox({ hasToken, onChange }: { hasToken: boolean; onChange: (has: boolean) => void }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  if (!editing) {
    return (
      <div className="token">
        <span className={hasToken ? 'token-on' : 'token-off'}>{hasToken ? 'Token set' : 'No token'}</span>
        <button type="button" onClick={() => setEditing(true)}>
          {hasToken ? 'Change token' : 'Set token'}
        </button>
        {hasToken && (
          <button
            type="button"
            onClick={() => {
              setToken('');
              onChange(false);
            }}
          >
            Forget
          </button>
        )}
      </div>
    );
  }
  return (
    <form
      className="token"
      onSubmit={(e) => {
        e.preventDefault();
        setToken(value.trim());
        setValue('');
        setEditing(false);
        onChange(value.trim() !== '');
      }}
    >
      <input
        type="password"
        aria-label="API token"
        placeholder="Paste a token"
        autoFocus
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit">Save</button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
    </form>
  );
}
