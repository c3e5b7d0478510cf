import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import {
  ApiError,
  BinaryMessageError,
  BinaryRequestHeader,
  decodeBinaryMessage,
  encodeBinaryMessage,
  encodeBinaryResponse,
  RequestMessage,
  StreamControlMessage,
  toApiError,
  type EventMessage,
  type Frame,
  type FrameMessageHeader,
  type ResponseMessage,
} from '../../shared/api';
import type { HostedEngine } from '../host/hosted-engine';
import { LatestFrameSender } from '../host/latest-frame-sender';
import type { HostLimits } from './host-limits';

/** Id of a response to a message whose own id could not be read (docs/wire-protocol.md). */
export const UNKNOWN_REQUEST_ID = -1;
/** Above this much unsent data, preview frames wait (and get replaced) instead of queueing. */
const FRAME_BACKPRESSURE_BYTES = 1024 * 1024;

/** Byte params arriving in parts may not exceed this many at once per socket (bounds memory). */
const MAX_CONCURRENT_UPLOADS = 2;
/** Preview streams one socket may hold open (a renderer watches a handful of jobs at most). */
export const MAX_STREAMS_PER_SOCKET = 64;

/** A byte param being assembled from parts (BinaryRequestHeader.offset/totalBytes). */
interface Upload {
  bytes: Uint8Array;
  received: number;
}

interface OpenStream {
  sender: LatestFrameSender<Frame>;
  unsubscribe: () => void;
}

/** Reads `id` from an untrusted message if it is a usable request id. */
function readableId(message: unknown): number {
  if (typeof message !== 'object' || message === null) return UNKNOWN_REQUEST_ID;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : UNKNOWN_REQUEST_ID;
}

function describeIssues(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || 'message'}: ${issue.message}`).join('; ');
}

/**
 * One authenticated API WebSocket: requests in, responses/events/frames out. Nothing a client
 * sends can throw out of here; every bad message gets a structured `invalid_request` answer.
 */
export class ApiSocket {
  private readonly streams = new Map<string, OpenStream>();
  private readonly uploads = new Map<number, Upload>();
  private readonly stopEvents: () => void;
  /** Names this socket to the engine, which ends its render sessions when it closes. */
  private readonly connectionId = `socket:${randomUUID()}`;
  private disposed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly engine: HostedEngine,
    /** Largest byte param a request may carry, whole or in parts. */
    private readonly maxUploadBytes: number,
    /** Budgets shared with the host's other sockets. */
    private readonly hostLimits: HostLimits,
  ) {
    this.stopEvents = engine.onEvent((event, payload) => {
      const message: EventMessage = { type: 'event', event, payload };
      this.sendJson(message);
    });
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.dispose());
    socket.on('error', () => this.dispose());
  }

  private receive(data: unknown, isBinary: boolean): void {
    const bytes = toUint8Array(data);
    if (isBinary) this.receiveBinary(bytes);
    else this.receiveText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  }

  private receiveText(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.replyError(UNKNOWN_REQUEST_ID, new ApiError('invalid_request', 'The message is not valid JSON.'));
      return;
    }
    const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
    if (type === 'stream.open' || type === 'stream.close') {
      this.receiveStreamControl(message);
      return;
    }
    const request = RequestMessage.safeParse(message);
    if (!request.success) {
      this.replyError(
        readableId(message),
        new ApiError('invalid_request', `The message is not a valid request: ${describeIssues(request.error)}.`),
      );
      return;
    }
    this.dispatch(request.data.id, request.data.method, request.data.params);
  }

  private receiveBinary(bytes: Uint8Array): void {
    let decoded: { header: unknown; payload: Uint8Array };
    try {
      decoded = decodeBinaryMessage(bytes);
    } catch (error) {
      const reason = error instanceof BinaryMessageError ? error.message : 'unreadable binary message';
      this.replyError(UNKNOWN_REQUEST_ID, new ApiError('invalid_request', `${reason}.`));
      return;
    }
    const header = BinaryRequestHeader.safeParse(decoded.header);
    if (!header.success) {
      this.replyError(
        readableId(decoded.header),
        new ApiError('invalid_request', `The binary request header is invalid: ${describeIssues(header.error)}.`),
      );
      return;
    }
    const { id, method, params, bytesParam, offset, totalBytes } = header.data;
    if (offset === undefined || totalBytes === undefined) {
      // A plain Uint8Array view (no copy) of the payload: the engine's schema expects Uint8Array.
      const payload = new Uint8Array(decoded.payload.buffer, decoded.payload.byteOffset, decoded.payload.byteLength);
      this.dispatch(id, method, { ...params, [bytesParam]: payload });
      return;
    }
    const assembled = this.receivePart(id, offset, totalBytes, decoded.payload);
    if (assembled) this.dispatch(id, method, { ...params, [bytesParam]: assembled });
  }

  /** Adds one part to its upload; returns the whole byte param once complete, else null. */
  private receivePart(id: number, offset: number, totalBytes: number, payload: Uint8Array): Uint8Array | null {
    let upload = this.uploads.get(id);
    const fail = (error: ApiError): null => {
      this.dropUpload(id);
      this.replyError(id, error);
      return null;
    };
    if (!upload) {
      if (offset !== 0)
        return fail(new ApiError('invalid_request', `Part at offset ${offset} of a request that never started.`));
      if (totalBytes > this.maxUploadBytes) {
        return fail(
          new ApiError(
            'image_too_large',
            `The request carries ${totalBytes} bytes; the limit is ${this.maxUploadBytes}.`,
          ),
        );
      }
      if (this.uploads.size >= MAX_CONCURRENT_UPLOADS) {
        return fail(new ApiError('busy', `At most ${MAX_CONCURRENT_UPLOADS} uploads at once per connection.`));
      }
      if (!this.hostLimits.reserveUpload(totalBytes)) {
        return fail(
          new ApiError(
            'busy',
            `Other uploads are still arriving (at most ${this.hostLimits.maxUploadBytesInFlight} bytes at once ` +
              'over all connections); try again when they have finished.',
          ),
        );
      }
      // Its own exact-size buffer: the engine can then hand it to a worker without another copy.
      upload = { bytes: new Uint8Array(totalBytes), received: 0 };
      this.uploads.set(id, upload);
    }
    if (totalBytes !== upload.bytes.byteLength || offset !== upload.received) {
      return fail(new ApiError('invalid_request', `Part at offset ${offset} does not continue the upload in order.`));
    }
    if (offset + payload.byteLength > totalBytes) {
      return fail(new ApiError('invalid_request', 'The parts carry more bytes than totalBytes announced.'));
    }
    upload.bytes.set(payload, offset);
    upload.received += payload.byteLength;
    if (upload.received < totalBytes) return null;
    this.dropUpload(id);
    return upload.bytes;
  }

  /** Forgets an upload and gives its reservation back to the host. */
  private dropUpload(id: number): void {
    const upload = this.uploads.get(id);
    if (!upload) return;
    this.uploads.delete(id);
    this.hostLimits.releaseUpload(upload.bytes.byteLength);
  }

  private receiveStreamControl(message: unknown): void {
    const control = StreamControlMessage.safeParse(message);
    if (!control.success) {
      this.replyError(
        UNKNOWN_REQUEST_ID,
        new ApiError('invalid_request', `The stream message is invalid: ${describeIssues(control.error)}.`),
      );
      return;
    }
    const { type, streamId } = control.data;
    if (type === 'stream.open') this.openStream(streamId);
    else this.closeStream(streamId);
  }

  private dispatch(id: number, method: string, params: unknown): void {
    let pending: Promise<unknown>;
    try {
      pending = this.engine.handle(method, params, { connectionId: this.connectionId });
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (result) => {
        // Results holding typed arrays (tracks.get) go as one binary message, not JSON number lists.
        const binary = encodeBinaryResponse(id, result);
        if (!binary) this.sendJson({ type: 'response', id, ok: true, result } satisfies ResponseMessage);
        else if (this.socket.readyState === this.socket.OPEN) this.socket.send(binary, { binary: true });
      },
      (error: unknown) => this.replyError(id, toApiError(error)),
    );
  }

  private openStream(streamId: string): void {
    if (this.streams.has(streamId)) return;
    if (this.streams.size >= MAX_STREAMS_PER_SOCKET) {
      this.replyError(
        UNKNOWN_REQUEST_ID,
        new ApiError('busy', `At most ${MAX_STREAMS_PER_SOCKET} open streams per connection; close one first.`),
      );
      return;
    }
    if (!this.hostLimits.reserveStream()) {
      this.replyError(
        UNKNOWN_REQUEST_ID,
        new ApiError('busy', `At most ${this.hostLimits.maxOpenStreams} open streams over all connections.`),
      );
      return;
    }
    const sender = new LatestFrameSender<Frame>({
      transmit: (frame, done) => this.sendFrame(frame, done),
      congested: () => this.socket.bufferedAmount > FRAME_BACKPRESSURE_BYTES,
    });
    const unsubscribe = this.engine.openStream(streamId, (frame) => sender.push(frame));
    this.streams.set(streamId, { sender, unsubscribe });
  }

  private closeStream(streamId: string): void {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    this.streams.delete(streamId);
    this.hostLimits.releaseStream();
    stream.sender.close();
    stream.unsubscribe();
  }

  private sendFrame(frame: Frame, done: () => void): void {
    if (this.socket.readyState !== this.socket.OPEN) return; // never calls done: the stream is over
    const header: FrameMessageHeader = { type: 'frame', ...frame.header };
    // `done` fires once ws has handed the bytes to the OS, which is what bounds our memory.
    this.socket.send(encodeBinaryMessage(header, frame.data), { binary: true }, () => done());
  }

  private replyError(id: number, error: ApiError): void {
    this.sendJson({ type: 'response', id, ok: false, error: error.toShape() } satisfies ResponseMessage);
  }

  private sendJson(message: ResponseMessage | EventMessage): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      // A result that cannot be serialised is an engine bug; the client still gets an answer.
      if (message.type !== 'response') return;
      const reason = error instanceof Error ? error.message : String(error);
      text = JSON.stringify({
        type: 'response',
        id: message.id,
        ok: false,
        error: { code: 'internal', message: `The result could not be serialised: ${reason}` },
      });
    }
    this.socket.send(text);
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopEvents();
    for (const id of [...this.uploads.keys()]) this.dropUpload(id);
    for (const streamId of [...this.streams.keys()]) this.closeStream(streamId);
    this.engine.closeConnection(this.connectionId);
  }
}

/** ws hands over a Buffer, an ArrayBuffer or (fragmented) a Buffer[] depending on binaryType. */
function toUint8Array(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Uint8Array[]);
  return new Uint8Array(0);
}
