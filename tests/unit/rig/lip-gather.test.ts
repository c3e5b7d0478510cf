import { describe, expect, it } from 'vitest';
import { BLENDSHAPE_COUNT, blendshapeIndex, type ArkitBlendshapeName } from '../../../src/shared/rig/arkit-names';
import { GATHER_DEAD_ZONE, GATHER_FULL, LipGather } from '../../../src/shared/rig/fit/lip-gather';
import { RigFitter } from '../../../src/shared/rig/fit/rig-fitter';
import { canonicalIdentity } from '../../../src/shared/rig/rig-model';
import { synthesizeLandmarks } from '../../../src/shared/rig/fit/synthesize';

const POSE = { yawDeg: -14, pitchDeg: 9, rollDeg: -5, tx: 300, ty: 280, tz: 0, scale: 260 };
/** How much the rig's own pucker at 1 narrows the inner mouth (33.5%: a third of its width). */
const RIG_PUCKER_NARROWING = 0.335;

function coefficients(values: Partial<Record<ArkitBlendshapeName, number>>): Float64Array {
  const c = new Float64Array(BLENDSHAPE_COUNT);
  for (const [name, v] of Object.entries(values)) c[blendshapeIndex(name)] = v;
  return c;
}
const read = (c: Float32Array, name: ArkitBlendshapeName) => c[blendshapeIndex(name)]!;

describe('pucker and funnel from the mouth narrowing (lip-gather)', () => {
  const fitter = new RigFitter();
  /** the person's neutral is known (as in the video path after calibration): here the canonical face */
  const identity = canonicalIdentity();

  it('reads a pucker as small as facemesh shows one as a full pucker, whatever the head pose', () => {
    // The rig's pucker scaled to what facemesh shows of a clear pucker: the inner corners 8% closer.
    const facemeshPucker = (GATHER_DEAD_ZONE + GATHER_FULL) / RIG_PUCKER_NARROWING;
    for (const pose of [POSE, { ...POSE, yawDeg: 20, pitchDeg: -12 }]) {
      const fit = fitter.fit(synthesizeLandmarks(coefficients({ mouthPucker: facemeshPucker }), pose), { identity });
      expect(read(fit.coefficients, 'mouthPucker')).toBeGreaterThan(0.9);
      expect(read(fit.coefficients, 'mouthFunnel')).toBeLessThan(0.1);
      // The rest of the mouth is fitted around the narrowing the landmarks show: no smile or stretch pushing back.
      for (const name of ['mouthSmileLeft', 'mouthStretchLeft', 'mouthLowerDownLeft', 'jawOpen'] as const) {
        expect(read(fit.coefficients, name), name).toBeLessThan(0.1);
      }
    }
  });

  it('leaves a mouth at rest, a faint narrowing, an open jaw and a smile without pucker', () => {
    const faint = (0.6 * GATHER_DEAD_ZONE) / RIG_PUCKER_NARROWING;
    for (const values of [
      {},
      { mouthPucker: faint },
      { jawOpen: 0.7 },
      { mouthSmileLeft: 0.8, mouthSmileRight: 0.8 },
    ] as const) {
      const fit = fitter.fit(synthesizeLandmarks(coefficients(values), POSE), { identity });
      expect(read(fit.coefficients, 'mouthPucker'), JSON.stringify(values)).toBe(0);
      expect(read(fit.coefficients, 'mouthFunnel'), JSON.stringify(values)).toBe(0);
    }
  });

  it('reads the mouth shape the caller measured (a video: unsmoothed landmarks) instead of the landmarks’', () => {
    const facemeshPucker = (GATHER_DEAD_ZONE + GATHER_FULL) / RIG_PUCKER_NARROWING;
    const gathered = synthesizeLandmarks(coefficients({ mouthPucker: facemeshPucker }), POSE);
    const atRest = synthesizeLandmarks(coefficients({}), POSE);
    // Smoothed landmarks still at rest, the frame's unsmoothed ones already gathered.
    const fit = fitter.fit(atRest, { identity, mouthShape: LipGather.mouthShape(gathered) });
    expect(read(fit.coefficients, 'mouthPucker')).toBeGreaterThan(0.9);
    const back = fitter.fit(gathered, { identity, mouthShape: LipGather.mouthShape(atRest) });
    expect(read(back.coefficients, 'mouthPucker')).toBe(0);
  });

  it('reads a gathered mouth with parted lips as a funnel as well', () => {
    const fit = fitter.fit(synthesizeLandmarks(coefficients({ mouthFunnel: 0.8 }), POSE), { identity });
    // The rig's funnel at 0.8 narrows the mouth 16%, beyond facemesh's full gather, and parts the lips 80% of its full parting.
    expect(read(fit.coefficients, 'mouthPucker')).toBeGreaterThan(0.9);
    expect(read(fit.coefficients, 'mouthFunnel')).toBeGreaterThan(0.7);
  });

  it('takes the rig’s own points (exactLids) at the rig’s own scale', () => {
    const fit = fitter.fit(synthesizeLandmarks(coefficients({ mouthPucker: 0.5 }), POSE), {
      identity,
      exactLids: true,
    });
    expect(read(fit.coefficients, 'mouthPucker')).toBeCloseTo(0.5, 1);
  });

  it('does not measure against the canonical face standing in for an unknown person', () => {
    const facemeshPucker = (GATHER_DEAD_ZONE + GATHER_FULL) / RIG_PUCKER_NARROWING;
    const fit = fitter.fit(synthesizeLandmarks(coefficients({ mouthPucker: facemeshPucker }), POSE));
    // Least squares alone: a pucker this faint reads far under 0.5.
    expect(read(fit.coefficients, 'mouthPucker')).toBeLessThan(0.5);
  });
});
