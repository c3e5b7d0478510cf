/**
 * The rig evaluation's landmark cache (tests/fixtures/rig-eval/landmarks.json): the face
 * pipeline's landmarks of every frame of the fixture driving videos and the chosen face of the
 * fixture portraits, so the evaluation (and its CI test) fits the rig without running the ONNX
 * models or decoding video. Only numbers are committed, never the images. The file records each
 * fixture's sha256, so a changed fixture is noticed.
 *
 * Videos store the tracker's unsmoothed landmarks (the models' output per frame); the smoothed
 * ones the product stores are derived on reading with the tracker's own One Euro filter
 * (smoothLikeTracker), so both are available (the fit reads the mouth's narrowing from the
 * unsmoothed ones) and a change of the tracker's smoothing is evaluated without rerunning the
 * models. build-landmark-cache.ts checks the derivation against the tracker's output.
 *
 * Encoding: per source, landmarks quantised to 0.1 px as Int16, coordinate by coordinate
 * through time, each value stored as its difference from the previous frame's (tracked
 * landmarks move little), Brotli-compressed, base64. Absent frames (no face) have presence 0
 * and no landmarks.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { OneEuroVectorFilter } from '../../../src/main/engine/face/one-euro';
import { regionFromLandmarks } from '../../../src/main/engine/face/regions';
import { DEFAULT_SMOOTHING } from '../../../src/main/engine/face/tracker';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CACHE_FILE = path.join(repoRoot, 'tests/fixtures/rig-eval/landmarks.json');
export const LABELS_FILE = path.join(repoRoot, 'tests/fixtures/rig-eval/labels.json');
/** Fixtures folder: MIEN_FIXTURES, else ../shared/fixtures beside the repository. */
export const fixturesDir = (): string =>
  path.resolve(process.env.MIEN_FIXTURES ?? path.join(repoRoot, '../shared/fixtures'));

const QUANTUM = 0.1;
const VALUES_PER_FRAME = 478 * 3;

export interface CachedSource {
  /** path relative to the fixtures folder, e.g. driving/talking-354f.mp4 */
  file: string;
  sha256: string;
  kind: 'video' | 'photo';
  fps: number | null;
  width: number;
  height: number;
  /** per frame: face-presence score of the mesh (0 when no face was tracked) */
  presence: number[];
  /** per frame: 478 x 3 landmarks in image pixels as the product stores them (videos: smoothed), or null (no face) */
  landmarks: (Float64Array | null)[];
  /** videos, per frame: the tracker's unsmoothed landmarks, or null */
  rawLandmarks?: (Float64Array | null)[];
}

/** `data`: videos' unsmoothed landmarks, photos' landmarks. */
interface StoredSource extends Omit<CachedSource, 'landmarks' | 'rawLandmarks'> {
  data: string;
}

/**
 * The tracker's smoothing (FaceTracker.track) of a video's unsmoothed landmarks: its One Euro
 * filter at the frame's time (frame index / fps, as the decoder stamps frames), scaled by the
 * size of the crop the frame's landmarks give, restarted after a frame without a face.
 */
export function smoothLikeTracker(raw: readonly (Float64Array | null)[], fps: number): (Float64Array | null)[] {
  const filter = new OneEuroVectorFilter(DEFAULT_SMOOTHING);
  return raw.map((landmarks, index) => {
    if (!landmarks) {
      filter.reset();
      return null;
    }
    return filter.filter(landmarks, index / fps, regionFromLandmarks(landmarks, 468).size);
  });
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function encodeSource(source: CachedSource): StoredSource {
  const stored = source.kind === 'video' ? source.rawLandmarks! : source.landmarks;
  const present = stored.filter((l): l is Float64Array => l !== null);
  const n = present.length;
  const values = new Int16Array(n * VALUES_PER_FRAME);
  for (let j = 0; j < VALUES_PER_FRAME; j++) {
    let previous = 0;
    for (let f = 0; f < n; f++) {
      const q = Math.round(present[f]![j]! / QUANTUM);
      values[j * n + f] = q - previous;
      previous = q;
    }
  }
  const { landmarks: _landmarks, rawLandmarks: _raw, ...rest } = source;
  const data = brotliCompressSync(Buffer.from(values.buffer), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: values.byteLength },
  }).toString('base64');
  return { ...rest, presence: source.presence.map((p) => Math.round(p * 1000) / 1000), data };
}

export function decodeSource(stored: StoredSource): CachedSource {
  const bytes = brotliDecompressSync(Buffer.from(stored.data, 'base64'));
  const values = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  const n = values.length / VALUES_PER_FRAME;
  const present = Array.from({ length: n }, () => new Float64Array(VALUES_PER_FRAME));
  for (let j = 0; j < VALUES_PER_FRAME; j++) {
    let running = 0;
    for (let f = 0; f < n; f++) {
      running += values[j * n + f]!;
      present[f]![j] = running * QUANTUM;
    }
  }
  let f = 0;
  const landmarks = stored.presence.map((presence) => (presence === 0 ? null : present[f++]!));
  const { data: _data, ...rest } = stored;
  if (stored.kind === 'photo') return { ...rest, landmarks };
  return { ...rest, landmarks: smoothLikeTracker(landmarks, stored.fps ?? 25), rawLandmarks: landmarks };
}

export function readCache(file = CACHE_FILE): CachedSource[] {
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { sources: StoredSource[] };
  return stored.sources.map(decodeSource);
}
