import { ARKIT_BLENDSHAPE_NAMES, BLENDSHAPE_COUNT, serializeLiveLinkCsv } from '../../src/shared/rig';

/**
 * A Live Link Face CSV whose only moving channel is jawOpen, `jaw(frame)` on each of `frames`
 * frames at `fps` (no head or eye columns' values): what the specs import as a capture.
 */
export function jawCaptureCsv(frames: number, fps: number, jaw: (frame: number) => number): string {
  const coefficients = new Float32Array(frames * BLENDSHAPE_COUNT);
  const jawIndex = ARKIT_BLENDSHAPE_NAMES.indexOf('jawOpen');
  for (let f = 0; f < frames; f++) coefficients[f * BLENDSHAPE_COUNT + jawIndex] = jaw(f);
  return serializeLiveLinkCsv({
    fps,
    frameCount: frames,
    times: Float64Array.from({ length: frames }, (_, f) => f / fps),
    startSeconds: 0,
    coefficients,
    headAndEyes: null,
  });
}
