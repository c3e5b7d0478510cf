import { describe, expect, it } from 'vitest';
import {
  BinaryMessageError,
  BinaryRequestHeader,
  decodeBinaryMessage,
  encodeBinaryMessage,
  encodeBinaryRequest,
  MAX_BINARY_HEADER_BYTES,
} from '../../../src/shared/api';

describe('binary message framing', () => {
  it('round-trips a header and payload, with the header length as big-endian u32', () => {
    const payload = new Uint8Array([0, 1, 2, 250, 255]);
    const header = { type: 'request', id: 3, method: 'assets.importBytes', bytesParam: 'bytes', params: { a: 'é' } };
    const message = encodeBinaryMessage(header, payload);
    const headerLength = new DataView(message.buffer).getUint32(0, false);
    expect(headerLength).toBe(new TextEncoder().encode(JSON.stringify(header)).byteLength);
    expect(message.byteLength).toBe(4 + headerLength + payload.byteLength);
    const decoded = decodeBinaryMessage(message);
    expect(decoded.header).toEqual(header);
    expect([...decoded.payload]).toEqual([...payload]);
    expect(BinaryRequestHeader.safeParse(decoded.header).success).toBe(true);
  });

  it('decodes from a view with a non-zero byte offset (as ws buffers often are)', () => {
    const inner = encodeBinaryMessage({ x: 1 }, new Uint8Array([9, 8, 7]));
    const outer = new Uint8Array(inner.byteLength + 10);
    outer.set(inner, 7);
    const decoded = decodeBinaryMessage(outer.subarray(7, 7 + inner.byteLength));
    expect(decoded.header).toEqual({ x: 1 });
    expect([...decoded.payload]).toEqual([9, 8, 7]);
  });

  it('rejects short, overlong, non-UTF-8 and non-JSON headers with BinaryMessageError', () => {
    expect(() => decodeBinaryMessage(new Uint8Array([0, 0]))).toThrow(BinaryMessageError);
    const tooLong = new Uint8Array(8);
    new DataView(tooLong.buffer).setUint32(0, MAX_BINARY_HEADER_BYTES + 1, false);
    expect(() => decodeBinaryMessage(tooLong)).toThrow(/over the limit/);
    const pastEnd = new Uint8Array(8);
    new DataView(pastEnd.buffer).setUint32(0, 100, false);
    expect(() => decodeBinaryMessage(pastEnd)).toThrow(/past the end/);
    const badUtf8 = new Uint8Array([0, 0, 0, 2, 0xff, 0xfe]);
    expect(() => decodeBinaryMessage(badUtf8)).toThrow(BinaryMessageError);
    const notJson = new Uint8Array([0, 0, 0, 3, 0x61, 0x62, 0x63]);
    expect(() => decodeBinaryMessage(notJson)).toThrow(/not valid UTF-8 JSON/);
  });

  it('splits large byte params into ordered parts that reassemble to the original bytes', () => {
    const bytes = Uint8Array.from({ length: 2500 }, (_, i) => (i * 7) % 251);
    const request = { id: 5, method: 'assets.importBytes', params: { projectId: 'p' }, bytesParam: 'bytes' };
    expect(encodeBinaryRequest(request, bytes.subarray(0, 1000), 1000)).toHaveLength(1);
    const parts = encodeBinaryRequest(request, bytes, 1000).map((message) => decodeBinaryMessage(message));
    expect(parts.map((part) => part.payload.byteLength)).toEqual([1000, 1000, 500]);
    const headers = parts.map((part) => BinaryRequestHeader.parse(part.header));
    expect(headers.map((header) => [header.offset, header.totalBytes])).toEqual([
      [0, 2500],
      [1000, 2500],
      [2000, 2500],
    ]);
    const joined = new Uint8Array(2500);
    for (const [index, part] of parts.entries()) joined.set(part.payload, headers[index]!.offset);
    expect(joined).toEqual(bytes);
    // offset without totalBytes (or the reverse) is not a valid header
    expect(BinaryRequestHeader.safeParse({ ...headers[1], totalBytes: undefined }).success).toBe(false);
  });
});
