import { describe, expect, it } from 'vitest';
import { blendshapeIndex } from '../../../src/shared/rig/arkit-names';
import { retarget, retargetedPoints } from '../../../src/shared/rig/retarget';
import { identityNeutral, canonicalIdentity } from '../../../src/shared/rig/rig-model';
import { RigFitter } from '../../../src/shared/rig/fit/rig-fitter';
import { synthesizeLandmarks } from '../../../src/shared/rig/fit/synthesize';
import type { HeadPose } from '../../../src/shared/rig/pose';
import { applySimilarity, createSimilarity, fitSimilarity } from '../../../src/shared/rig/math/similarity';

const POSE: HeadPose = { yawDeg: 5, pitchDeg: 0, rollDeg: 0, tx: 300, ty: 300, tz: 0, scale: 200 };
const coefficients = (values: Record<string, number>) => {
  const c = new Float32Array(52);
  for (const [name, v] of Object.entries(values)) c[blendshapeIndex(name)] = v;
  return c;
};

describe('retarget', () => {
  const source = { identity: canonicalIdentity(), coefficients: coefficients({ mouthSmileLeft: 0.2 }), pose: POSE };

  it('absolute mode copies the driver coefficients', () => {
    const result = retarget(
      source,
      { coefficients: coefficients({ jawOpen: 0.7 }) },
      { mode: 'absolute', pose: 'none' },
    );
    expect(result.coefficients[blendshapeIndex('jawOpen')]).toBeCloseTo(0.7, 6);
    expect(result.coefficients[blendshapeIndex('mouthSmileLeft')]).toBe(0);
    expect(result.pose).toEqual(POSE);
  });

  it("relative mode adds the driver's change from its own neutral and reports clamping", () => {
    const driver = {
      coefficients: coefficients({ mouthSmileLeft: 0.5, browInnerUp: 0.1, jawOpen: 0.95 }),
      neutralCoefficients: coefficients({ mouthSmileLeft: 0.3, browInnerUp: 0.3 }),
    };
    const result = retarget({ ...source, coefficients: coefficients({ mouthSmileLeft: 0.2, jawOpen: 0.2 }) }, driver, {
      mode: 'relative',
      pose: 'none',
    });
    expect(result.coefficients[blendshapeIndex('mouthSmileLeft')]).toBeCloseTo(0.4, 6);
    expect(result.coefficients[blendshapeIndex('browInnerUp')]).toBe(0);
    expect(result.coefficients[blendshapeIndex('jawOpen')]).toBe(1);
    expect(result.clamped.map((c) => c.name).sort()).toEqual(['browInnerUp', 'jawOpen']);
  });

  it('transfers head rotation absolutely or relative to the driver rest pose', () => {
    const driverPose = { ...POSE, yawDeg: 30, pitchDeg: 10, tx: 10 };
    const absolute = retarget(
      source,
      { coefficients: new Float32Array(52), pose: driverPose },
      { mode: 'absolute', pose: 'absolute' },
    );
    expect(absolute.pose.yawDeg).toBeCloseTo(30, 6);
    expect(absolute.pose.pitchDeg).toBeCloseTo(10, 6);
    expect(absolute.pose.tx).toBe(POSE.tx);
    const relative = retarget(
      source,
      { coefficients: new Float32Array(52), pose: { ...POSE, yawDeg: 25 }, neutralPose: { ...POSE, yawDeg: 20 } },
      { mode: 'absolute', pose: 'relative' },
    );
    // Source at yaw 5 plus the driver's 5-degree turn from its rest.
    expect(relative.pose.yawDeg).toBeCloseTo(10, 6);
    expect(() =>
      retarget(source, { coefficients: new Float32Array(52) }, { mode: 'absolute', pose: 'absolute' }),
    ).toThrow(/needs the driver's pose/);
  });

  it("drives the source's own face: a fitted source identity keeps its shape under the driver's expression", () => {
    const fitter = new RigFitter();
    const person = { modes: Float32Array.from({ length: 14 }, (_, k) => (k % 3) - 1), detail: null };
    const sourceFit = fitter.fit(synthesizeLandmarks(new Float32Array(52), POSE, { identity: person }), {
      fitIdentity: true,
      captureDetail: true,
      neutralExpression: true,
    });
    const driverFit = fitter.fit(synthesizeLandmarks(coefficients({ jawOpen: 0.6 }), { ...POSE, yawDeg: -20 }));
    const result = retarget(
      { identity: sourceFit.identity, coefficients: sourceFit.coefficients, pose: sourceFit.pose },
      { coefficients: driverFit.coefficients },
      { mode: 'relative', pose: 'none' },
    );
    const points = retargetedPoints(
      { identity: sourceFit.identity, coefficients: result.coefficients, pose: POSE },
      result.coefficients,
    );
    const sourceNeutral = identityNeutral(sourceFit.identity);
    // The fitted neutral is the person's own face (up to the similarity a pose absorbs).
    const alignment = fitSimilarity(sourceNeutral, identityNeutral(person), null, 478, createSimilarity());
    const aligned = applySimilarity(alignment, sourceNeutral, 478, new Float64Array(478 * 3));
    const truth = identityNeutral(person);
    let worst = 0;
    for (let i = 0; i < 468; i++)
      worst = Math.max(worst, Math.hypot(aligned[i * 3]! - truth[i * 3]!, aligned[i * 3 + 1]! - truth[i * 3 + 1]!));
    expect(worst).toBeLessThan(0.01);
    // The driver's jaw drops the source's chin; its forehead does not move.
    const chin = 152 * 3 + 1;
    const forehead = 10 * 3 + 1;
    expect(Math.abs(points[forehead]! - sourceNeutral[forehead]!)).toBeLessThan(1e-3);
    expect(points[chin]! - sourceNeutral[chin]!).toBeLessThan(-0.06);
    expect(result.coefficients[blendshapeIndex('jawOpen')]).toBeCloseTo(0.6, 1);
  });
});
