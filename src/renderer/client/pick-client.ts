import type { MienClient } from '../../shared/api';
import type { ConnectionSource } from './connection';
import { WebMienClient } from './web-client';
import { resolveWebToken } from './web-token';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    mien?: MienClient;
  }
}

export interface PickedClient {
  client: MienClient;
  /** Null where the transport cannot drop (Electron IPC). */
  connection: ConnectionSource | null;
}

/** The Electron preload's client when the page runs in the app, else the web host's WebSocket client. */
export function pickClient(): PickedClient {
  if (window.mien) return { client: window.mien, connection: null };
  const token = resolveWebToken(window.location.search, safeSessionStorage());
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const client = new WebMienClient({
    socketUrl: `${scheme}://${window.location.host}/api${query}`,
    mediaBase: '',
    token,
    onProtocolError: (message) => console.warn(`[mien] ${message}`),
  });
  return { client, connection: client };
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
