/**
 * How the link to the engine is doing. Only the web client reports it (Electron's IPC cannot drop);
 * the UI uses it to show a banner and to reattach to running jobs after a reconnect.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

export interface ConnectionSource {
  readonly state: ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}
