import { describe, expect, it } from 'vitest';
import { BLENDSHAPE_COUNT, blendshapeIndex, type ArkitBlendshapeName } from '../../../src/shared/rig/arkit-names';
import { EXCLUSIVE_PAIRS } from '../../../src/shared/rig/fit/fit-priors';
import { buildNormalEquations, rigColumns } from '../../../src/shared/rig/fit/normal-equations';
import { RigFitter } from '../../../src/shared/rig/fit/rig-fitter';
import { seededRandom, synthesizeLandmarks } from '../../../src/shared/rig/fit/synthesize';
import { IDENTITY_MODE_COUNT } from '../../../src/shared/rig/identity-basis';

const POSE = { yawDeg: 12, pitchDeg: -6, rollDeg: 4, tx: 320, ty: 260, tz: 0, scale: 240 };

function coefficients(values: Partial<Record<ArkitBlendshapeName, number>>): Float64Array {
  const c = new Float64Array(BLENDSHAPE_COUNT);
  for (const [name, v] of Object.entries(values)) c[blendshapeIndex(name)] = v;
  return c;
}

describe('rig fit priors', () => {
  it('makes each antagonist pair repel while every coordinate keeps positive curvature', () => {
    const columns = rigColumns();
    const n = BLENDSHAPE_COUNT + IDENTITY_MODE_COUNT;
    for (const count of [468, 478]) {
      const equations = buildNormalEquations(columns, n, count);
      for (const matrix of [equations.joint, equations.anchored, equations.restrained]) {
        for (let k = 0; k < n; k++) expect(matrix[k * n + k]).toBeGreaterThan(0);
      }
      // Before the penalty these pairs correlate at -0.5 to -1 (they cancel); after it, +0.6:
      // positive, so they explain each other away, and below 1, so each pair alone stays convex.
      for (const [a, b] of EXCLUSIVE_PAIRS) {
        const i = blendshapeIndex(a);
        const j = blendshapeIndex(b);
        const correlation =
          equations.joint[i * n + j]! / Math.sqrt(equations.joint[i * n + i]! * equations.joint[j * n + j]!);
        expect(correlation, `${a} / ${b}`).toBeGreaterThan(0.5);
        expect(correlation, `${a} / ${b}`).toBeLessThan(0.99);
      }
    }
  });

  it('holds tongueOut at 0 unless unobservable shapes are asked for', () => {
    const fitter = new RigFitter();
    const truth = coefficients({ tongueOut: 0.6, jawOpen: 0.3 });
    const landmarks = synthesizeLandmarks(truth, POSE);
    const fit = fitter.fit(landmarks);
    expect(fit.coefficients[blendshapeIndex('tongueOut')]).toBe(0);
    const withTongue = fitter.fit(landmarks, { fitUnobservable: true });
    expect(withTongue.coefficients[blendshapeIndex('tongueOut')]).toBeCloseTo(0.6, 1);
    expect(withTongue.coefficients[blendshapeIndex('jawOpen')]).toBeCloseTo(0.3, 1);
  });

  it('reads gaze from the iris as one signed value per axis', () => {
    const fitter = new RigFitter();
    const random = seededRandom(5);
    const sides = ['Left', 'Right'] as const;
    let error = 0;
    let count = 0;
    for (let f = 0; f < 30; f++) {
      const values: Partial<Record<ArkitBlendshapeName, number>> = {};
      for (const side of sides) {
        const horizontal: ArkitBlendshapeName = random() < 0.5 ? `eyeLookIn${side}` : `eyeLookOut${side}`;
        const vertical: ArkitBlendshapeName = random() < 0.5 ? `eyeLookUp${side}` : `eyeLookDown${side}`;
        values[horizontal] = random() * 0.8;
        values[vertical] = random() * 0.8;
      }
      const truth = coefficients({ ...values, eyeBlinkLeft: random() * 0.5, mouthSmileRight: random() });
      const fit = fitter.fit(synthesizeLandmarks(truth, POSE, { noiseFaceWidths: 0.002, random }));
      for (const side of sides) {
        for (const [a, b] of [
          [`eyeLookIn${side}`, `eyeLookOut${side}`],
          [`eyeLookUp${side}`, `eyeLookDown${side}`],
        ] as const) {
          const fa = fit.coefficients[blendshapeIndex(a)]!;
          const fb = fit.coefficients[blendshapeIndex(b)]!;
          expect(Math.min(fa, fb)).toBe(0);
          error += Math.abs(fa - fb - (truth[blendshapeIndex(a)]! - truth[blendshapeIndex(b)]!));
          count++;
        }
      }
    }
    expect(error / count).toBeLessThan(0.05);
  });

  it('does not let antagonists cancel: a mouth shifted left is mouthLeft alone', () => {
    const fitter = new RigFitter();
    const random = seededRandom(9);
    const fit = fitter.fit(
      synthesizeLandmarks(coefficients({ mouthLeft: 0.5, jawRight: 0.4 }), POSE, { noiseFaceWidths: 0.003, random }),
    );
    expect(fit.coefficients[blendshapeIndex('mouthLeft')]).toBeCloseTo(0.5, 1);
    expect(fit.coefficients[blendshapeIndex('mouthRight')]).toBe(0);
    expect(fit.coefficients[blendshapeIndex('jawRight')]).toBeCloseTo(0.4, 1);
    expect(fit.coefficients[blendshapeIndex('jawLeft')]).toBe(0);
  });
});
