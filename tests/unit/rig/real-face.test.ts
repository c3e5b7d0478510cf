import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ARKIT_BLENDSHAPE_NAMES, blendshapeIndex, type ArkitBlendshapeName } from '../../../src/shared/rig/arkit-names';
import { RigFitter, type RigFitResult } from '../../../src/shared/rig/fit/rig-fitter';

/**
 * Plausibility of the fit on a real face: the face pipeline's committed reference landmarks
 * (478 points with iris) of tests/fixtures/astronaut.png, a broad smile with the teeth showing,
 * eyes on the camera. Fitted as the app fits a photo (identity modes and expressions together).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const landmarks = Float64Array.from(
  (
    JSON.parse(readFileSync(path.join(root, 'tests/integration/face/expected/astronaut-landmarks.json'), 'utf8')) as {
      landmarks: number[];
    }
  ).landmarks,
);

/** Pairs a face does not do at once (the brows' pairs are not penalised, but this face shows neither). */
const EXCLUSIVE: [ArkitBlendshapeName, ArkitBlendshapeName][] = [
  ['eyeLookInLeft', 'eyeLookOutLeft'],
  ['eyeLookInRight', 'eyeLookOutRight'],
  ['eyeLookUpLeft', 'eyeLookDownLeft'],
  ['eyeLookUpRight', 'eyeLookDownRight'],
  ['eyeBlinkLeft', 'eyeWideLeft'],
  ['eyeBlinkRight', 'eyeWideRight'],
  ['eyeSquintLeft', 'eyeWideLeft'],
  ['eyeSquintRight', 'eyeWideRight'],
  ['jawLeft', 'jawRight'],
  ['mouthLeft', 'mouthRight'],
  ['mouthSmileLeft', 'mouthFrownLeft'],
  ['mouthSmileRight', 'mouthFrownRight'],
  ['browDownLeft', 'browOuterUpLeft'],
  ['browDownRight', 'browOuterUpRight'],
  ['browDownLeft', 'browInnerUp'],
  ['browDownRight', 'browInnerUp'],
];

const value = (fit: RigFitResult, name: ArkitBlendshapeName) => fit.coefficients[blendshapeIndex(name)]!;

function describeFit(fit: RigFitResult): string {
  return ARKIT_BLENDSHAPE_NAMES.map((name, k) => [name, fit.coefficients[k]!] as const)
    .filter(([, v]) => v >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, v]) => `${name} ${v.toFixed(2)}`)
    .join(', ');
}

describe('rig fit on a real face (astronaut reference landmarks)', () => {
  const fitter = new RigFitter();
  const fit = fitter.fit(landmarks, { fitIdentity: true });

  it('reads the smile and leaves the unobservable tongue at rest', () => {
    console.log(`astronaut: ${describeFit(fit)}; residual ${(fit.residualRms * 100).toFixed(2)}% face width`);
    expect(value(fit, 'mouthSmileLeft')).toBeGreaterThan(0.5);
    expect(value(fit, 'mouthSmileRight')).toBeGreaterThan(0.5);
    expect(value(fit, 'tongueOut')).toBeLessThan(0.1);
    // Nothing sad, angry or pursed in a grin.
    for (const name of ['mouthFrownLeft', 'mouthFrownRight', 'browDownLeft', 'browDownRight', 'mouthPucker'] as const) {
      expect(value(fit, name), name).toBeLessThan(0.1);
    }
  });

  it('never uses both shapes of an antagonist pair', () => {
    for (const [a, b] of EXCLUSIVE) expect(Math.min(value(fit, a), value(fit, b)), `${a} / ${b}`).toBeLessThan(0.1);
  });

  it('saturates few shapes and explains the proportions with the identity', () => {
    // Before the priors: 6 coefficients at >= 0.95 (smile, upperUp, dimple on both sides).
    expect(Array.from(fit.coefficients).filter((v) => v >= 0.95).length).toBeLessThanOrEqual(3);
    // The mouth corner is pulled by the smile, not by a stack of corner shapes.
    expect(value(fit, 'mouthDimpleLeft')).toBeLessThan(0.6);
    expect(value(fit, 'mouthDimpleRight')).toBeLessThan(0.6);
    // She looks into the camera: gaze from the iris stays small.
    for (const name of ARKIT_BLENDSHAPE_NAMES.filter((n) => n.startsWith('eyeLook'))) {
      expect(value(fit, name), name).toBeLessThan(0.25);
    }
  });

  it('fits the landmarks closely (measured 1.70% of the face width; 1.80% without the priors)', () => {
    expect(fit.residualRms).toBeLessThan(0.02);
    expect(fit.residualRmsPixels).toBeLessThan(2);
  });

  it('does not depend on the iris contour order of the landmark producer', () => {
    // The face pipeline lists the left iris contour mirrored (-x first); swap it to the rig's order.
    const reordered = Float64Array.from(landmarks);
    for (let a = 0; a < 3; a++) {
      reordered[474 * 3 + a] = landmarks[476 * 3 + a]!;
      reordered[476 * 3 + a] = landmarks[474 * 3 + a]!;
    }
    const again = fitter.fit(reordered, { fitIdentity: true });
    for (let k = 0; k < ARKIT_BLENDSHAPE_NAMES.length; k++) {
      expect(again.coefficients[k]!, ARKIT_BLENDSHAPE_NAMES[k]).toBeCloseTo(fit.coefficients[k]!, 5);
    }
  });

  it('keeps tongueOut and the antagonist pairs in check with the canonical identity too', () => {
    const canonical = fitter.fit(landmarks);
    expect(value(canonical, 'mouthSmileLeft')).toBeGreaterThan(0.5);
    expect(value(canonical, 'tongueOut')).toBeLessThan(0.1);
    for (const [a, b] of EXCLUSIVE) {
      expect(Math.min(value(canonical, a), value(canonical, b)), `${a} / ${b}`).toBeLessThan(0.1);
    }
  });
});
