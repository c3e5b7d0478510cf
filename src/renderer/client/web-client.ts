import {
  ApiError,
  EventMessage,
  FrameMessageHeader,
  ResponseMessage,
  decodeBinaryMessage,
  decodeBinaryResponse,
  encodeBinaryRequest,
  events,
  isMethodName,
  methods,
  type EventName,
  type EventPayload,
  type Frame,
  type MethodName,
  type MienClient,
  type ParamsOf,
  type ResultOf,
} from '../../shared/api';
import { Backoff, type BackoffOptions } from './backoff';
import type { ConnectionSource, ConnectionState } from './connection';

/** The part of the browser's WebSocket this client uses (the `ws` package's client fits too, for tests). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface WebClientOptions {
  /** Full socket URL, token included: ws://127.0.0.1:PORT/api?token=... */
  socketUrl: string;
  /** Prefix for media URLs, e.g. '' (same origin) or 'http://127.0.0.1:5517'. */
  mediaBase: string;
  token: string | null;
  createSocket?: (url: string) => SocketLike;
  backoff?: BackoffOptions;
  /** Reports messages the host sent that do not match the contract (dropped, never thrown). */
  onProtocolError?: (message: string) => void;
}

/** Close codes of docs/wire-protocol.md. */
const CLOSE_UNAUTHORIZED = 4401;
const OPEN = 1;

interface Pending {
  method: MethodName;
  resolve(result: unknown): void;
  reject(error: ApiError): void;
}

interface Outgoing {
  id: number;
  /** One text message, or the binary message(s) of a request with bytes, sent in order. */
  messages: Array<string | Uint8Array>;
}

/**
 * MienClient over the web host's one WebSocket (docs/wire-protocol.md): JSON requests and events,
 * binary requests for byte params, binary preview frames. Reconnects with back-off, reopens the
 * streams it was watching, and validates everything the host sends with the shared zod schemas.
 */
export class WebMienClient implements MienClient, ConnectionSource {
  private socket: SocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Requests made while the socket was not open; sent, in order, once it opens. */
  private outbox: Outgoing[] = [];
  private readonly eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly streamListeners = new Map<string, Set<(frame: Frame) => void>>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private readonly backoff: Backoff;
  private readonly createSocket: (url: string) => SocketLike;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private currentState: ConnectionState = 'connecting';

  constructor(private readonly options: WebClientOptions) {
    this.backoff = new Backoff(options.backoff);
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.connect();
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    if (this.currentState === 'unauthorized') return Promise.reject(unauthorizedError());
    if (this.disposed) return Promise.reject(new ApiError('unavailable', 'The connection to Mien was closed.'));
    const id = this.nextId++;
    let messages: Array<string | Uint8Array>;
    try {
      messages = encodeRequest(id, method, params);
    } catch (error) {
      return Promise.reject(error instanceof ApiError ? error : new ApiError('invalid_request', String(error)));
    }
    return new Promise<ResultOf<M>>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject });
      this.send({ id, messages });
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let listeners = this.eventListeners.get(event);
    if (!listeners) this.eventListeners.set(event, (listeners = new Set()));
    const untyped = listener as (payload: unknown) => void;
    listeners.add(untyped);
    return () => listeners.delete(untyped);
  }

  openStream(streamId: string, onFrame: (frame: Frame) => void): () => void {
    let listeners = this.streamListeners.get(streamId);
    if (!listeners) {
      this.streamListeners.set(streamId, (listeners = new Set()));
      this.sendControl('stream.open', streamId);
    }
    listeners.add(onFrame);
    return () => {
      listeners.delete(onFrame);
      if (listeners.size === 0 && this.streamListeners.get(streamId) === listeners) {
        this.streamListeners.delete(streamId);
        this.sendControl('stream.close', streamId);
      }
    };
  }

  mediaUrl(sha256: string): string {
    // The host's cookie authorises media too; the token in the URL keeps images working where
    // cookies are blocked.
    const query = this.options.token ? `?token=${encodeURIComponent(this.options.token)}` : '';
    return `${this.options.mediaBase}/media/${encodeURIComponent(sha256)}${query}`;
  }

  /** Closes the socket for good: no reconnect, pending calls rejected. */
  dispose(): void {
    this.disposed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.close(1000, 'client closed');
    this.failAll(new ApiError('unavailable', 'The connection to Mien was closed.'));
  }

  private connect(): void {
    if (this.disposed) return;
    this.setState(this.currentState === 'open' || this.currentState === 'reconnecting' ? 'reconnecting' : 'connecting');
    const socket = this.createSocket(this.options.socketUrl);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.backoff.reset();
      for (const streamId of this.streamListeners.keys()) this.sendControl('stream.open', streamId);
      const queued = this.outbox;
      this.outbox = [];
      for (const item of queued) this.send(item);
      this.setState('open');
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.receive(event.data);
    };
    socket.onerror = () => {
      // A close event always follows; reconnecting is decided there.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === CLOSE_UNAUTHORIZED) {
        // The host closes before reading anything: nothing sent was run.
        this.setState('unauthorized');
        this.failAll(unauthorizedError());
        return;
      }
      // Requests already sent may or may not have run; the caller decides whether to retry.
      for (const [id, pending] of this.pending) {
        if (this.outbox.some((item) => item.id === id)) continue;
        this.pending.delete(id);
        pending.reject(new ApiError('unavailable', 'The connection to Mien was lost before it answered.'));
      }
      if (this.disposed) return;
      this.setState('reconnecting');
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        this.connect();
      }, this.backoff.next());
    };
  }

  private send(item: Outgoing): void {
    // All parts go out in one synchronous run, so no other request interleaves with an upload.
    if (this.socket?.readyState === OPEN) for (const message of item.messages) this.socket.send(message);
    else this.outbox.push(item);
  }

  private sendControl(type: 'stream.open' | 'stream.close', streamId: string): void {
    // Not queued: every open stream is reopened when the socket (re)opens.
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify({ type, streamId }));
  }

  private receive(data: unknown): void {
    if (typeof data === 'string') {
      this.receiveText(data);
      return;
    }
    if (data instanceof ArrayBuffer) {
      this.receiveBinary(new Uint8Array(data));
      return;
    }
    if (ArrayBuffer.isView(data)) {
      this.receiveBinary(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return;
    }
    this.protocolError('the host sent a message that is neither text nor binary');
  }

  private receiveText(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.protocolError('the host sent text that is not JSON');
      return;
    }
    const type = (raw as { type?: unknown } | null)?.type;
    if (type === 'response') {
      const response = ResponseMessage.safeParse(raw);
      if (!response.success) return this.protocolError('the host sent a malformed response');
      this.settle(response.data);
      return;
    }
    if (type === 'event') {
      const message = EventMessage.safeParse(raw);
      if (!message.success) return this.protocolError('the host sent a malformed event');
      const name = message.data.event;
      // Events this build does not know (a newer host) are ignored, not errors.
      if (!Object.hasOwn(events, name)) return;
      const payload = events[name as EventName].safeParse(message.data.payload);
      if (!payload.success) return this.protocolError(`the host sent a malformed ${name} event`);
      for (const listener of [...(this.eventListeners.get(name) ?? [])]) listener(payload.data);
      return;
    }
    this.protocolError(`the host sent a message of unknown type ${String(type)}`);
  }

  /** Resolves or rejects the request a response answers. */
  private settle(response: ResponseMessage): void {
    const pending = this.pending.get(response.id);
    if (!pending) {
      if (!response.ok) this.protocolError(`host error: ${response.error.message}`);
      return;
    }
    this.pending.delete(response.id);
    if (!response.ok) return pending.reject(ApiError.fromShape(response.error));
    const result = methods[pending.method].result.safeParse(response.result);
    if (!result.success) {
      return pending.reject(new ApiError('internal', `The host answered ${pending.method} with a malformed result.`));
    }
    pending.resolve(result.data);
  }

  /** A binary message: a preview frame, or a response whose result holds typed arrays. */
  private receiveBinary(message: Uint8Array): void {
    let decoded: { header: unknown; payload: Uint8Array };
    try {
      decoded = decodeBinaryMessage(message);
      if ((decoded.header as { type?: unknown } | null)?.type === 'response') {
        const { id, result } = decodeBinaryResponse(decoded);
        this.settle({ type: 'response', id, ok: true, result });
        return;
      }
    } catch (error) {
      return this.protocolError(error instanceof Error ? error.message : 'broken binary message');
    }
    const header = FrameMessageHeader.safeParse(decoded.header);
    if (!header.success) return this.protocolError('the host sent a malformed frame header');
    const { type: _type, ...frameHeader } = header.data;
    const listeners = this.streamListeners.get(frameHeader.streamId);
    if (!listeners) return;
    const frame: Frame = { header: frameHeader, data: decoded.payload };
    for (const listener of [...listeners]) listener(frame);
  }

  private failAll(error: ApiError): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.outbox = [];
  }

  private setState(state: ConnectionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    for (const listener of [...this.connectionListeners]) listener(state);
  }

  private protocolError(message: string): void {
    this.options.onProtocolError?.(message);
  }
}

function unauthorizedError(): ApiError {
  return new ApiError(
    'unauthorized',
    'This page is not authorised to talk to Mien. Open the address printed in the terminal where Mien started.',
  );
}

/**
 * A text request, or the binary message(s) of one whose top-level param is a Uint8Array (only one
 * may be): encodeBinaryRequest splits bytes over 1 MiB into parts the host reassembles.
 */
function encodeRequest(id: number, method: string, params: unknown): Array<string | Uint8Array> {
  if (!isMethodName(method)) throw new ApiError('invalid_request', `Unknown method ${method}.`);
  const text = () => [JSON.stringify({ type: 'request', id, method, params })];
  if (params === null || typeof params !== 'object') return text();
  const entries = Object.entries(params as Record<string, unknown>);
  const byteEntries = entries.filter(([, value]) => value instanceof Uint8Array);
  if (byteEntries.length === 0) return text();
  if (byteEntries.length > 1) throw new ApiError('invalid_request', `${method} has more than one byte parameter.`);
  const [bytesParam, bytes] = byteEntries[0] as [string, Uint8Array];
  const rest = Object.fromEntries(entries.filter(([key]) => key !== bytesParam));
  return encodeBinaryRequest({ id, method, params: rest, bytesParam }, bytes);
}
