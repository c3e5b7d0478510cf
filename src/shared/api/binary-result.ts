import { z } from 'zod';
import { BinaryMessageError, encodeBinaryMessage } from './binary-message';

/**
 * Results that hold numeric arrays (tracks.get: a track set's channels) travel as one binary
 * message on the web transport instead of JSON number lists: the JSON header carries the result
 * with each typed array replaced by `{ "$typedArray": index }`, and the payload carries the arrays'
 * bytes back to back (little-endian, the byte order of every platform Mien runs on). Electron's
 * structured clone carries typed arrays as they are. Samples arrive exactly as stored (Float32),
 * where JSON needed rounding to stay small.
 */
const KINDS = {
  uint8: Uint8Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;
type ArrayKind = keyof typeof KINDS;
type TypedArray = InstanceType<(typeof KINDS)[ArrayKind]>;

const PLACEHOLDER = '$typedArray';

export const BinaryResponseHeader = z.object({
  type: z.literal('response'),
  id: z.number().int(),
  ok: z.literal(true),
  result: z.unknown(),
  /** Each array's kind and element count, in payload order. */
  arrays: z.array(z.object({ kind: z.enum(['uint8', 'float32', 'float64']), length: z.number().int().nonnegative() })),
});
export type BinaryResponseHeader = z.infer<typeof BinaryResponseHeader>;

function kindOf(value: unknown): ArrayKind | null {
  if (value instanceof Float32Array) return 'float32';
  if (value instanceof Float64Array) return 'float64';
  // Node's Buffer is a Uint8Array too.
  if (value instanceof Uint8Array) return 'uint8';
  return null;
}

/** True when a result holds a typed array anywhere (it then travels as a binary response). */
export function holdsTypedArrays(value: unknown): boolean {
  if (kindOf(value)) return true;
  if (Array.isArray(value)) return value.some(holdsTypedArrays);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsTypedArrays);
  return false;
}

/** The binary message of a successful response; null when the result holds no typed array (send JSON). */
export function encodeBinaryResponse(id: number, result: unknown): Uint8Array | null {
  if (!holdsTypedArrays(result)) return null;
  const arrays: TypedArray[] = [];
  const replace = (value: unknown): unknown => {
    if (kindOf(value)) {
      arrays.push(value as TypedArray);
      return { [PLACEHOLDER]: arrays.length - 1 };
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, replace(entry)]));
    }
    return value;
  };
  const header: BinaryResponseHeader = {
    type: 'response',
    id,
    ok: true,
    result: replace(result),
    arrays: arrays.map((array) => ({ kind: kindOf(array)!, length: array.length })),
  };
  const payload = new Uint8Array(arrays.reduce((sum, array) => sum + array.byteLength, 0));
  let offset = 0;
  for (const array of arrays) {
    payload.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset += array.byteLength;
  }
  return encodeBinaryMessage(header, payload);
}

/**
 * The id and result of a binary response (a message decodeBinaryMessage split, whose header's type
 * is 'response'), typed arrays restored (copied, so each is aligned).
 */
export function decodeBinaryResponse(message: { header: unknown; payload: Uint8Array }): {
  id: number;
  result: unknown;
} {
  const { header: raw, payload } = message;
  const parsed = BinaryResponseHeader.safeParse(raw);
  if (!parsed.success) throw new BinaryMessageError('binary response header is malformed');
  const { id, result, arrays: layout } = parsed.data;
  const arrays: TypedArray[] = [];
  let offset = 0;
  for (const { kind, length } of layout) {
    const Kind = KINDS[kind];
    const byteLength = length * Kind.BYTES_PER_ELEMENT;
    if (offset + byteLength > payload.byteLength) throw new BinaryMessageError('binary response payload is too short');
    arrays.push(new Kind(payload.slice(offset, offset + byteLength).buffer));
    offset += byteLength;
  }
  if (offset !== payload.byteLength) throw new BinaryMessageError('binary response payload has bytes left over');
  const restore = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(restore);
    if (value !== null && typeof value === 'object') {
      const index = (value as Record<string, unknown>)[PLACEHOLDER];
      if (typeof index === 'number' && Object.keys(value).length === 1) {
        const array = arrays[index];
        if (!array) throw new BinaryMessageError(`binary response names array ${index}, which it does not carry`);
        return array;
      }
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, restore(entry)]));
    }
    return value;
  };
  return { id, result: restore(result) };
}
