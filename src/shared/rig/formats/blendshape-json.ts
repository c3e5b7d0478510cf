import { ARKIT_BLENDSHAPE_NAMES, BLENDSHAPE_COUNT } from '../arkit-names';
import { RigFormatError, type CoefficientTracks } from './coefficient-tracks';

/**
 * Imports per-frame ARKit blendshape scores in MediaPipe FaceLandmarker's output shape. Each
 * frame may be
 *   { categories: [{ categoryName, score }, ...] }                 (one Classifications)
 *   { timestampMs, categories: [...] }                             (with a timestamp)
 *   { timestampMs?, faceBlendshapes: [{ categories: [...] }, ...] } (a whole FaceLandmarkerResult; first face)
 *   [{ categories: [...] }]                                        (a result's faceBlendshapes array)
 * MediaPipe's extra '_neutral' category is ignored; missing names read 0. Frames without a
 * timestamp are spaced at 1/fps. Everything is validated before tracks are returned.
 */
export function parseBlendshapeJson(input: string | unknown, options: { fps: number }): CoefficientTracks {
  const { fps } = options;
  if (!(fps > 0 && Number.isFinite(fps))) throw new RigFormatError(`fps must be a positive number, got ${fps}`);
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (error) {
      throw new RigFormatError(`not valid JSON: ${lineOfJsonError(input, error)}`);
    }
  }
  if (!Array.isArray(data)) throw new RigFormatError('expected a JSON array of frames');
  if (data.length === 0) throw new RigFormatError('the list has no frames');
  const index = new Map<string, number>(ARKIT_BLENDSHAPE_NAMES.map((n, k) => [n, k]));
  const frameCount = data.length;
  const coefficients = new Float32Array(frameCount * BLENDSHAPE_COUNT);
  const stamps: (number | null)[] = [];

  data.forEach((frame: unknown, f) => {
    const where = `frame ${f}`;
    let categories: unknown;
    let stamp: unknown = undefined;
    if (Array.isArray(frame)) {
      categories = (frame[0] as { categories?: unknown } | undefined)?.categories;
    } else if (frame && typeof frame === 'object') {
      const record = frame as Record<string, unknown>;
      stamp = record.timestampMs ?? record.timestamp;
      if ('faceBlendshapes' in record) {
        const faces = record.faceBlendshapes;
        if (!Array.isArray(faces) || faces.length === 0) throw new RigFormatError(`${where}: faceBlendshapes is empty`);
        categories = (faces[0] as { categories?: unknown }).categories;
      } else {
        categories = record.categories;
      }
    }
    if (!Array.isArray(categories)) throw new RigFormatError(`${where}: no 'categories' array`);
    if (stamp !== undefined && (typeof stamp !== 'number' || !Number.isFinite(stamp))) {
      throw new RigFormatError(`${where}: timestampMs must be a number`);
    }
    stamps.push(typeof stamp === 'number' ? stamp : null);
    const seen = new Set<number>();
    categories.forEach((category: unknown, c) => {
      const at = `${where}, category ${c}`;
      if (!category || typeof category !== 'object') throw new RigFormatError(`${at}: expected an object`);
      const { categoryName, score } = category as { categoryName?: unknown; score?: unknown };
      if (typeof categoryName !== 'string') throw new RigFormatError(`${at}: categoryName must be a string`);
      if (categoryName === '_neutral') return;
      const k = index.get(categoryName);
      if (k === undefined) throw new RigFormatError(`${at}: '${categoryName}' is not an ARKit blendshape name`);
      if (seen.has(k)) throw new RigFormatError(`${at}: '${categoryName}' appears twice`);
      seen.add(k);
      if (typeof score !== 'number' || !Number.isFinite(score)) {
        throw new RigFormatError(`${at}: score of '${categoryName}' must be a number`);
      }
      coefficients[f * BLENDSHAPE_COUNT + k] = Math.min(1, Math.max(0, score));
    });
  });

  const timed = stamps.filter((s) => s !== null).length;
  if (timed !== 0 && timed !== frameCount) throw new RigFormatError('some frames have timestamps and some do not');
  const times = new Float64Array(frameCount);
  let startSeconds = 0;
  if (timed === frameCount) {
    startSeconds = stamps[0]! / 1000;
    for (let f = 0; f < frameCount; f++) {
      times[f] = stamps[f]! / 1000 - startSeconds;
      if (f > 0 && times[f]! < times[f - 1]!) throw new RigFormatError(`frame ${f}: timestamp goes back in time`);
    }
  } else {
    for (let f = 0; f < frameCount; f++) times[f] = f / fps;
  }
  return { fps, frameCount, times, startSeconds, coefficients, headAndEyes: null };
}

/** JSON.parse's message plus the line its character position falls on. */
function lineOfJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (!position) return message;
  const line = text.slice(0, Number(position[1])).split('\n').length;
  return `${message} (line ${line})`;
}
