import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import * as ort from 'onnxruntime-node';
import { ApiError, type ModelContract } from '../../../shared/api';

/** An installed model as a worker task names it: the engine read its record, the worker opens it. */
export interface StyleModelRef {
  id: string;
  /** <dataDir>/models/<id>/model.onnx */
  path: string;
  sha256: string;
  contract: ModelContract;
}

/**
 * The sessions of installed models, kept in the one style worker (EngineContext.stylePool): each
 * model file is read, checked against its sha256 and opened once, then shared by every inversion
 * and transfer. A few stay open (a synthesis, its mapping and encoder); the oldest closes first.
 */
const OPEN_SESSIONS = 4;
const sessions = new Map<string, Promise<ort.InferenceSession>>();

/** The model's bytes, refused when the file changed since it was installed. */
export async function verifiedBytes(ref: StyleModelRef): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(ref.path));
  } catch {
    throw new ApiError('unavailable', `Model "${ref.id}" has lost its file ${ref.path}; remove and install it again.`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== ref.sha256) {
    throw new ApiError(
      'unavailable',
      `Model "${ref.id}" changed since it was installed (sha256 ${actual.slice(0, 12)}..., expected ${ref.sha256.slice(0, 12)}...); remove and install it again.`,
    );
  }
  return bytes;
}

/** The model's one session in this worker (opened on first use). */
export function sessionFor(ref: StyleModelRef): Promise<ort.InferenceSession> {
  const key = ref.sha256;
  let session = sessions.get(key);
  if (session) {
    sessions.delete(key);
    sessions.set(key, session);
    return session;
  }
  session = verifiedBytes(ref).then((bytes) =>
    ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' }),
  );
  session.catch(() => sessions.delete(key));
  sessions.set(key, session);
  while (sessions.size > OPEN_SESSIONS) {
    const [oldest, closing] = sessions.entries().next().value!;
    sessions.delete(oldest);
    void closing.then((s) => s.release()).catch(() => undefined);
  }
  return session;
}

/** How many sessions this worker holds (tests check a model is opened once). */
export const openSessionCount = (): number => sessions.size;

/** Runs a one-input, one-output session. */
export async function runOnce(
  session: ort.InferenceSession,
  input: Float32Array,
  dims: number[],
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, dims) });
  const tensor = out[session.outputNames[0]!] as ort.Tensor;
  return { data: tensor.data as Float32Array, dims: tensor.dims };
}
