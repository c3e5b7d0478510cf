import { z } from 'zod';
import { FrameHeader } from './events';
import { RequestMessage } from './wire';

/**
 * Binary framing used by the web transport (docs/wire-protocol.md), for messages that carry raw
 * bytes next to a JSON header so large payloads (imported photos, preview frames) never pass
 * through JSON or base64:
 *
 *   [u32 big-endian: header length N][N bytes: UTF-8 JSON header][remaining bytes: payload]
 */

/**
 * Client to host: a request whose `params[bytesParam]` is the payload (e.g. assets.importBytes'
 * `bytes`). Large byte params travel in parts (see encodeBinaryRequest): each part repeats the
 * header with `offset` (where this payload starts) and `totalBytes` (the whole byte param); the
 * host runs the request once the last part has arrived.
 */
export const BinaryRequestHeader = RequestMessage.extend({
  bytesParam: z.string().min(1).max(64),
  params: z.record(z.string(), z.unknown()),
  offset: z.number().int().nonnegative().optional(),
  totalBytes: z.number().int().nonnegative().optional(),
}).refine((header) => (header.offset === undefined) === (header.totalBytes === undefined), {
  message: 'offset and totalBytes come together',
});
export type BinaryRequestHeader = z.infer<typeof BinaryRequestHeader>;

/**
 * Size of one part of a large byte param. The receiving host unmasks and copies each WebSocket
 * message on the thread that answers the UI; 1 MiB parts keep each step to about a millisecond
 * where one 200 MB message would block that thread for most of a second.
 */
export const REQUEST_PART_BYTES = 1024 * 1024;

/** Host to client: one preview frame; the payload is the pixels (raw RGBA or an encoded image). */
export const FrameMessageHeader = FrameHeader.extend({ type: z.literal('frame') });
export type FrameMessageHeader = z.infer<typeof FrameMessageHeader>;

const HEADER_LENGTH_BYTES = 4;
/** A JSON header is small; anything bigger is a malformed or hostile message. */
export const MAX_BINARY_HEADER_BYTES = 64 * 1024;

export class BinaryMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BinaryMessageError';
  }
}

/** Packs a JSON header and a payload into one binary message. */
export function encodeBinaryMessage(header: unknown, payload: Uint8Array): Uint8Array {
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  if (headerBytes.byteLength > MAX_BINARY_HEADER_BYTES) {
    throw new BinaryMessageError(`binary message header is ${headerBytes.byteLength} bytes, over the limit`);
  }
  const message = new Uint8Array(HEADER_LENGTH_BYTES + headerBytes.byteLength + payload.byteLength);
  new DataView(message.buffer).setUint32(0, headerBytes.byteLength, false);
  message.set(headerBytes, HEADER_LENGTH_BYTES);
  message.set(payload, HEADER_LENGTH_BYTES + headerBytes.byteLength);
  return message;
}

/**
 * Splits a binary message into its parsed JSON header (unvalidated: check it with a schema) and a
 * payload view that shares the message's memory (no copy). Throws BinaryMessageError when the
 * framing itself is broken.
 */
export function decodeBinaryMessage(message: Uint8Array): { header: unknown; payload: Uint8Array } {
  if (message.byteLength < HEADER_LENGTH_BYTES) {
    throw new BinaryMessageError('binary message is shorter than its 4-byte header length');
  }
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const headerLength = view.getUint32(0, false);
  if (headerLength > MAX_BINARY_HEADER_BYTES) {
    throw new BinaryMessageError(`binary message header length ${headerLength} is over the limit`);
  }
  if (HEADER_LENGTH_BYTES + headerLength > message.byteLength) {
    throw new BinaryMessageError('binary message header length runs past the end of the message');
  }
  let header: unknown;
  try {
    const headerBytes = message.subarray(HEADER_LENGTH_BYTES, HEADER_LENGTH_BYTES + headerLength);
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch {
    throw new BinaryMessageError('binary message header is not valid UTF-8 JSON');
  }
  return { header, payload: message.subarray(HEADER_LENGTH_BYTES + headerLength) };
}

/**
 * The binary message(s) that carry a request with one byte param: a single message when the
 * bytes fit in one part, else one message per part, to be sent in order on one socket.
 */
export function encodeBinaryRequest(
  request: { id: number; method: string; params: Record<string, unknown>; bytesParam: string },
  bytes: Uint8Array,
  partBytes: number = REQUEST_PART_BYTES,
): Uint8Array[] {
  const header = { type: 'request', ...request };
  if (bytes.byteLength <= partBytes) return [encodeBinaryMessage(header, bytes)];
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += partBytes) {
    const part = bytes.subarray(offset, Math.min(bytes.byteLength, offset + partBytes));
    parts.push(encodeBinaryMessage({ ...header, offset, totalBytes: bytes.byteLength }, part));
  }
  return parts;
}
