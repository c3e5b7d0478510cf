import { WebSocket } from 'ws';
import {
  decodeBinaryMessage,
  encodeBinaryMessage,
  encodeBinaryRequest,
  EventMessage,
  FrameMessageHeader,
  ResponseMessage,
  type Frame,
} from '../../../src/shared/api';

/** A minimal, strict client of the web host's WebSocket protocol (docs/wire-protocol.md) for tests. */
export class WsTestClient {
  readonly responses: ResponseMessage[] = [];
  readonly events: EventMessage[] = [];
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Map<number, (message: ResponseMessage) => void>();
  private readonly eventWaiters = new Set<(message: EventMessage) => void>();
  private nextId = 1;

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    socket.on('message', (data, isBinary) => {
      const bytes = data as Buffer;
      if (isBinary) {
        const { header, payload } = decodeBinaryMessage(bytes);
        const parsed = FrameMessageHeader.parse(header);
        const { type: _type, ...frameHeader } = parsed;
        this.frames.push({ header: frameHeader, data: new Uint8Array(payload) });
        return;
      }
      const message: unknown = JSON.parse(bytes.toString('utf8'));
      const response = ResponseMessage.safeParse(message);
      if (response.success) {
        this.responses.push(response.data);
        const waiter = this.waiters.get(response.data.id);
        this.waiters.delete(response.data.id);
        waiter?.(response.data);
        return;
      }
      const event = EventMessage.parse(message);
      this.events.push(event);
      for (const waiter of this.eventWaiters) waiter(event);
    });
  }

  /** Opens a socket; resolves once open (or once it is closed/refused, with `socket.readyState` telling). */
  static connect(
    url: string,
    options: { origin?: string; headers?: Record<string, string> } = {},
  ): Promise<WsTestClient> {
    const socket = new WebSocket(url, { origin: options.origin, headers: options.headers });
    const client = new WsTestClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      socket.once('error', (error) => reject(error));
    });
  }

  sendText(text: string): void {
    this.socket.send(text);
  }

  sendBinary(bytes: Uint8Array): void {
    this.socket.send(bytes, { binary: true });
  }

  /** Waits for the response with `id` (sent by whatever means). */
  response(id: number, timeoutMs = 15_000): Promise<ResponseMessage> {
    const existing = this.responses.find((message) => message.id === id);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response to request ${id}`)), timeoutMs);
      this.waiters.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  }

  /** Sends a JSON request and resolves with its response envelope. */
  request(method: string, params: unknown): Promise<ResponseMessage> {
    const id = this.nextId++;
    this.sendText(JSON.stringify({ type: 'request', id, method, params }));
    return this.response(id);
  }

  /** Sends a binary request whose `params[bytesParam]` is `bytes`. */
  requestWithBytes(
    method: string,
    params: Record<string, unknown>,
    bytesParam: string,
    bytes: Uint8Array,
  ): Promise<ResponseMessage> {
    const id = this.nextId++;
    this.sendBinary(encodeBinaryMessage({ type: 'request', id, method, params, bytesParam }, bytes));
    return this.response(id);
  }

  /**
   * Sends a large byte param in parts (encodeBinaryRequest), yielding between parts: this client
   * shares its thread with the host under test, so it must not hold that thread either.
   */
  async requestWithBytesInParts(
    method: string,
    params: Record<string, unknown>,
    bytesParam: string,
    bytes: Uint8Array,
    partBytes?: number,
  ): Promise<ResponseMessage> {
    const id = this.nextId++;
    const answer = this.response(id, 60_000);
    for (const part of encodeBinaryRequest({ id, method, params, bytesParam }, bytes, partBytes)) {
      this.sendBinary(part);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return answer;
  }

  /** Resolves with the result or throws the error shape as an Error. */
  async call<T = unknown>(method: string, params: unknown): Promise<T> {
    const response = await this.request(method, params);
    if (!response.ok) throw new Error(`${method} failed: ${response.error.code}: ${response.error.message}`);
    return response.result as T;
  }

  /** Resolves with the first event (already received or future) that matches. */
  waitForEvent(match: (message: EventMessage) => boolean, timeoutMs = 30_000): Promise<EventMessage> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.eventWaiters.delete(waiter);
        reject(new Error('timed out waiting for an event'));
      }, timeoutMs);
      const waiter = (message: EventMessage): void => {
        if (!match(message)) return;
        clearTimeout(timer);
        this.eventWaiters.delete(waiter);
        resolve(message);
      };
      this.eventWaiters.add(waiter);
    });
  }

  close(): void {
    this.socket.close();
  }
}
