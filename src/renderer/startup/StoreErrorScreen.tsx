import { useState } from 'react';
import { toApiError } from '../../shared/api';
import { useServices } from '../app-services';

interface StoreErrorScreenProps {
  path: string;
  reason: string;
  onRecovered(): void;
}

/** The project database cannot be opened: say where and why, and move it aside only when asked. */
export function StoreErrorScreen({ path, reason, onRecovered }: StoreErrorScreenProps) {
  const { client } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [movedTo, setMovedTo] = useState<string | null>(null);

  const moveAside = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await client.call('system.resetStore', {});
      setMovedTo(result.movedTo);
    } catch (failure) {
      setError(toApiError(failure).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="splash splash--wide">
      <div className="splash__brand">Mien</div>
      <h1 className="splash__title">The project database could not be opened</h1>
      <dl className="store-error">
        <dt>File</dt>
        <dd>
          <code className="store-error__path">{path}</code>
        </dd>
        <dt>Reason</dt>
        <dd>{reason}</dd>
      </dl>
      {movedTo === null ? (
        <>
          <p className="splash__text">
            Nothing has been changed or deleted. Mien can rename this file so you keep it (for a backup or a bug report)
            and start again with an empty library.
          </p>
          {error && (
            <p className="inline-error" role="alert">
              {error}
            </p>
          )}
          <button type="button" className="button button--primary" onClick={moveAside} disabled={busy}>
            {busy ? 'Moving…' : 'Move it aside and start fresh'}
          </button>
        </>
      ) : (
        <>
          <p className="splash__text" role="status">
            The old database was kept as <code className="store-error__path">{movedTo}</code>.
          </p>
          <button type="button" className="button button--primary" onClick={onRecovered}>
            Open the new library
          </button>
        </>
      )}
    </main>
  );
}
