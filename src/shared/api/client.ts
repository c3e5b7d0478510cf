import type { EventName, EventPayload, Frame } from './events';
import type { MethodName, ParamsOf, ResultOf } from './methods';

/**
 * What the renderer (and tests) see of the engine, whichever transport carries it.
 * Electron's preload implements it over IPC; the web client over one WebSocket.
 */
export interface MienClient {
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Receives a job's preview frames until the returned function is called. */
  openStream(streamId: string, onFrame: (frame: Frame) => void): () => void;
  /** URL of a stored blob for <img src>, served by the host (custom protocol or loopback HTTP). */
  mediaUrl(sha256: string): string;
}
