import { useCallback, useSyncExternalStore } from 'react';
import { useServices } from '../app-services';
import type { ConnectionSource, ConnectionState } from '../client/connection';

const alwaysOpen = (): ConnectionState => 'open';
const noSubscription = () => () => undefined;

function useConnectionState(connection: ConnectionSource | null): ConnectionState {
  const subscribe = useCallback(
    (listener: () => void) => (connection ? connection.onConnectionChange(listener) : noSubscription()),
    [connection],
  );
  return useSyncExternalStore(subscribe, connection ? () => connection.state : alwaysOpen);
}

/** Tells the user when the web host's socket dropped (edits wait) or refused this page's token. */
export function ConnectionBanner() {
  const { connection } = useServices();
  const state = useConnectionState(connection);
  if (state === 'open' || state === 'connecting') return null;
  if (state === 'unauthorized') {
    return (
      <div className="banner banner--error" role="alert">
        This page is not authorised to talk to Mien. Open the address printed in the terminal where Mien started.
      </div>
    );
  }
  return (
    <div className="banner" role="status">
      Connection to Mien lost. Reconnecting…
    </div>
  );
}
