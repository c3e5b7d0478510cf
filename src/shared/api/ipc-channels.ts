import type { ApiErrorShape } from './errors';

/**
 * IPC channel names between Electron's preload and main process (docs/wire-protocol.md, part 2).
 * Shared so both sides are compiled from one spelling.
 */
export const IpcChannel = {
  /** invoke(method, params) -> { ok: true, result } | { ok: false, error: ApiErrorShape } */
  call: 'mien:call',
  /** main -> renderer: { event, payload } */
  event: 'mien:event',
  /** renderer -> main: { streamId, openId } */
  streamOpen: 'mien:stream.open',
  /** main -> renderer: { openId } with one MessagePort */
  streamPort: 'mien:stream.port',
} as const;

/** What `mien:call` resolves with: the result or the error, never a thrown Error (Electron rewrites those). */
export type IpcCallReply = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };

/** Messages on a stream's MessagePort. */
export type StreamPortAck = { type: 'ack'; seq: number };
