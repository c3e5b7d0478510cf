import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { toApiError, type SystemInfo } from '../../shared/api';
import { SystemInfoProvider, useServices } from '../app-services';
import { StoreErrorScreen } from './StoreErrorScreen';

type Startup = { phase: 'loading' } | { phase: 'failed'; message: string } | { phase: 'ready'; info: SystemInfo };

/**
 * Asks the engine how it is before showing anything: a store that cannot be opened gets its own
 * screen (path, reason, an explicit way out) instead of a library that silently starts empty.
 */
export function StartupGate({ children }: { children: ReactNode }) {
  const { client } = useServices();
  const [startup, setStartup] = useState<Startup>({ phase: 'loading' });

  const fetchInfo = useCallback(() => {
    client.call('system.info', {}).then(
      (info) => setStartup({ phase: 'ready', info }),
      (error: unknown) => setStartup({ phase: 'failed', message: toApiError(error).message }),
    );
  }, [client]);
  const load = () => {
    setStartup({ phase: 'loading' });
    fetchInfo();
  };

  useEffect(fetchInfo, [fetchInfo]);

  if (startup.phase === 'loading') {
    return (
      <main className="splash" aria-busy="true">
        <div className="splash__brand">Mien</div>
        <p className="splash__text">Connecting to the engine…</p>
      </main>
    );
  }
  if (startup.phase === 'failed') {
    return (
      <main className="splash">
        <div className="splash__brand">Mien</div>
        <h1 className="splash__title">Mien could not start</h1>
        <p className="splash__text" role="alert">
          {startup.message}
        </p>
        <button type="button" className="button button--primary" onClick={load}>
          Try again
        </button>
      </main>
    );
  }
  if (!startup.info.store.ok) {
    return <StoreErrorScreen status={startup.info.store} onRecovered={load} />;
  }
  return <SystemInfoProvider info={startup.info}>{children}</SystemInfoProvider>;
}
