import { useState } from 'react';
import { toApiError, type StoreStatus } from '../../shared/api';
import { useServices } from '../app-services';

interface StoreErrorScreenProps {
  status: Extract<StoreStatus, { ok: false }>;
  onRecovered(): void;
}

const HEADINGS: Record<StoreErrorScreenProps['status']['problem'], string> = {
  corrupt: 'The project database could not be opened',
  in_use: 'The project database is in use',
  read_only: 'The project database cannot be opened here',
  disk_full: 'The disk is full',
};

/**
 * The project database cannot be opened: say where and why. A damaged one is moved aside only when
 * asked; one that is only in use or not writable is fine, so the way out is to try again.
 */
export function StoreErrorScreen({ status, onRecovered }: StoreErrorScreenProps) {
  const { path, reason, problem } = status;
  const { client } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [movedTo, setMovedTo] = useState<string | null>(null);
  const [blobsMovedTo, setBlobsMovedTo] = useState<string | null>(null);

  const moveAside = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await client.call('system.resetStore', {});
      setMovedTo(result.movedTo);
      setBlobsMovedTo(result.blobsMovedTo);
    } catch (failure) {
      setError(toApiError(failure).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="splash splash--wide">
      <div className="splash__brand">Mien</div>
      <h1 className="splash__title">{HEADINGS[problem]}</h1>
      <dl className="store-error">
        <dt>File</dt>
        <dd>
          <code className="store-error__path">{path}</code>
        </dd>
        <dt>Reason</dt>
        <dd>{reason}</dd>
      </dl>
      {problem !== 'corrupt' ? (
        <>
          <p className="splash__text">
            Nothing is wrong with the database and nothing has been changed.{' '}
            {
              {
                in_use: 'Close the other Mien (or the program using the file), then try again.',
                read_only: 'Make the folder writable, or start Mien with another data folder, then try again.',
                disk_full: 'Free some space on that disk, then try again.',
              }[problem]
            }
          </p>
          <button type="button" className="button button--primary" onClick={onRecovered}>
            Try again
          </button>
        </>
      ) : movedTo === null ? (
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
          {blobsMovedTo && (
            <p className="splash__text">
              Its photos and videos went with it, to <code className="store-error__path">{blobsMovedTo}</code>.
            </p>
          )}
          <button type="button" className="button button--primary" onClick={onRecovered}>
            Open the new library
          </button>
        </>
      )}
    </main>
  );
}
