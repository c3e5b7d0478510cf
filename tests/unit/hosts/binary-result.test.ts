import { describe, expect, it } from 'vitest';
import {
  BinaryMessageError,
  decodeBinaryMessage,
  decodeBinaryResponse,
  encodeBinaryMessage,
  encodeBinaryResponse,
} from '../../../src/shared/api';

describe('binary responses (typed arrays outside JSON)', () => {
  it('carries typed arrays exactly, in place, with everything else as JSON', () => {
    const samples = Float32Array.from([0.1, 1 / 3, -2.5e-8, 1e30]);
    const result = {
      summary: { id: 'set', name: 'take', channels: [{ name: 'rig.jawOpen' }] },
      times: Float64Array.from([0, 1 / 60, 2 / 60]),
      measured: Uint8Array.from([1, 0, 1]),
      channels: [
        { name: 'rig.jawOpen', values: samples },
        { name: 'empty', values: new Float32Array(0) },
      ],
    };
    const message = encodeBinaryResponse(7, result)!;
    // JSON would need about 20 characters a sample; here each is its 4 bytes.
    expect(message.byteLength).toBeLessThan(500);
    const decoded = decodeBinaryResponse(decodeBinaryMessage(message));
    expect(decoded.id).toBe(7);
    expect(decoded.result).toEqual(result);
    const values = (decoded.result as typeof result).channels[0]!.values;
    expect(values).toBeInstanceOf(Float32Array);
    expect(Array.from(values)).toEqual(Array.from(samples));
  });

  it('copies views of larger buffers (odd offsets included) and leaves plain results to JSON', () => {
    const big = new Uint8Array(41);
    const view = new Float32Array(big.buffer, 4, 3);
    view.set([1, 2, 3]);
    const odd = new Uint8Array(big.buffer, 1, 2);
    const decoded = decodeBinaryResponse(decodeBinaryMessage(encodeBinaryResponse(1, { view, odd })!));
    expect(decoded.result).toEqual({ view: Float32Array.from([1, 2, 3]), odd: new Uint8Array(2) });
    expect(encodeBinaryResponse(1, { a: [1, 2, 3], b: 'text' })).toBeNull();
  });

  it('refuses a payload that does not match its header', () => {
    const short = encodeBinaryMessage(
      { type: 'response', id: 1, ok: true, result: { $typedArray: 0 }, arrays: [{ kind: 'float32', length: 4 }] },
      new Uint8Array(8),
    );
    expect(() => decodeBinaryResponse(decodeBinaryMessage(short))).toThrow(BinaryMessageError);
    const missing = encodeBinaryMessage(
      { type: 'response', id: 1, ok: true, result: { $typedArray: 1 }, arrays: [{ kind: 'uint8', length: 2 }] },
      new Uint8Array(2),
    );
    expect(() => decodeBinaryResponse(decodeBinaryMessage(missing))).toThrow(/does not carry/);
  });
});
