import { describe, expect, it } from 'vitest';
import { ARKIT_BLENDSHAPE_NAMES, blendshapeIndex, type ArkitBlendshapeName } from '../../../src/shared/rig/arkit-names';
import { EXCLUSIVE_PAIRS, UNOBSERVABLE_SHAPES } from '../../../src/shared/rig/fit/fit-priors';
import { RigFitter } from '../../../src/shared/rig/fit/rig-fitter';
import { seededRandom, synthesizeLandmarks } from '../../../src/shared/rig/fit/synthesize';
import { eulerDegreesToMatrix, rotationAngleBetweenDegrees } from '../../../src/shared/rig/math/rotation';
import type { HeadPose } from '../../../src/shared/rig/pose';

/** The coefficients a viewer notices first; the acceptance list. */
const NOTICEABLE: ArkitBlendshapeName[] = [
  'jawOpen',
  'mouthSmileLeft',
  'mouthSmileRight',
  'mouthFunnel',
  'mouthPucker',
  'eyeBlinkLeft',
  'eyeBlinkRight',
  'browInnerUp',
  'browDownLeft',
  'browDownRight',
];
/**
 * Antagonists a face does one or the other of: the fit's own exclusive pairs (fit-priors.ts) and
 * the gaze axes, which cancel each other exactly when both are on.
 */
const EXCLUSIVE: (readonly [ArkitBlendshapeName, ArkitBlendshapeName])[] = [
  ...EXCLUSIVE_PAIRS,
  ['eyeLookInLeft', 'eyeLookOutLeft'],
  ['eyeLookInRight', 'eyeLookOutRight'],
  ['eyeLookUpLeft', 'eyeLookDownLeft'],
  ['eyeLookUpRight', 'eyeLookDownRight'],
];
/** Mean |error| any one of the 52 may have: about a tenth of a typical on-value (0.3). */
const EVERY_SHAPE_LIMIT = 0.07;

/**
 * Random expression: each noticeable coefficient is on with probability 0.6 at U(0, 1); every
 * other one is on with probability 0.2 at U(0, 0.6); of each antagonist pair only one is kept.
 */
function randomCoefficients(random: () => number): Float64Array {
  const c = new Float64Array(ARKIT_BLENDSHAPE_NAMES.length);
  ARKIT_BLENDSHAPE_NAMES.forEach((name, k) => {
    const noticeable = NOTICEABLE.includes(name);
    c[k] = random() < (noticeable ? 0.6 : 0.2) ? random() * (noticeable ? 1 : 0.6) : 0;
  });
  for (const [a, b] of EXCLUSIVE) c[blendshapeIndex(random() < 0.5 ? a : b)] = 0;
  // The fit holds what the landmarks cannot show (tongueOut: the mesh has no tongue) at 0.
  for (const name of UNOBSERVABLE_SHAPES) c[blendshapeIndex(name)] = 0;
  return c;
}

function randomPose(random: () => number): HeadPose {
  const angle = () => (random() * 2 - 1) * 25;
  return {
    yawDeg: angle(),
    pitchDeg: angle(),
    rollDeg: angle(),
    tx: 200 + random() * 200,
    ty: 200 + random() * 200,
    tz: random() * 20,
    scale: 150 + random() * 150,
  };
}

describe('rig fit round trip', () => {
  it('recovers coefficients and pose from noisy synthetic landmarks', () => {
    const random = seededRandom(20240611);
    const fitter = new RigFitter();
    const frames = 150;
    const error = new Map<ArkitBlendshapeName, number>(NOTICEABLE.map((n) => [n, 0]));
    let poseErrorSum = 0;
    let poseErrorMax = 0;
    let allError = 0;
    const shapeError = new Float64Array(ARKIT_BLENDSHAPE_NAMES.length);
    for (let f = 0; f < frames; f++) {
      const truth = randomCoefficients(random);
      const pose = randomPose(random);
      // Noise: 0.5% of the face width, per coordinate.
      const landmarks = synthesizeLandmarks(truth, pose, { noiseFaceWidths: 0.005, random });
      const fit = fitter.fit(landmarks, { exactLids: true });
      for (const name of NOTICEABLE) {
        const k = blendshapeIndex(name);
        error.set(name, error.get(name)! + Math.abs(fit.coefficients[k]! - truth[k]!) / frames);
      }
      for (let k = 0; k < truth.length; k++) {
        const e = Math.abs(fit.coefficients[k]! - truth[k]!) / frames;
        allError += e / truth.length;
        shapeError[k] = shapeError[k]! + e;
      }
      const poseError = rotationAngleBetweenDegrees(
        eulerDegreesToMatrix(pose.yawDeg, pose.pitchDeg, pose.rollDeg),
        eulerDegreesToMatrix(fit.pose.yawDeg, fit.pose.pitchDeg, fit.pose.rollDeg),
      );
      poseErrorSum += poseError;
      poseErrorMax = Math.max(poseErrorMax, poseError);
      expect(Math.abs(fit.pose.scale - pose.scale) / pose.scale).toBeLessThan(0.03);
    }
    const table = Object.fromEntries([...error].map(([n, e]) => [n, Number(e.toFixed(4))]));
    console.log('mean |coefficient error| per noticeable shape:', table);
    console.log(
      `mean |error| over all 52: ${allError.toFixed(4)}; rotation error mean ${(poseErrorSum / frames).toFixed(3)} deg, max ${poseErrorMax.toFixed(3)} deg`,
    );
    const worst = ARKIT_BLENDSHAPE_NAMES.map((name, k) => [name, Number(shapeError[k]!.toFixed(4))] as const).sort(
      (a, b) => b[1] - a[1],
    );
    console.log('largest mean |error| of all 52:', Object.fromEntries(worst.slice(0, 8)));
    for (const [name, e] of error) expect(e, name).toBeLessThan(0.05);
    for (const [name, e] of worst) expect(e, name).toBeLessThan(EVERY_SHAPE_LIMIT);
    expect(poseErrorMax).toBeLessThan(1);
  });

  it('recovers an identity from a neutral frame, then expressions with that identity fixed', () => {
    const random = seededRandom(7);
    const fitter = new RigFitter();
    const modes = Float32Array.from({ length: 14 }, () => (random() * 2 - 1) * 1.2);
    const person = { modes, detail: null };
    const pose = { yawDeg: 10, pitchDeg: -5, rollDeg: 3, tx: 320, ty: 240, tz: 0, scale: 220 };
    const neutralLandmarks = synthesizeLandmarks(new Float64Array(52), pose, { identity: person });
    const neutralFit = fitter.fit(neutralLandmarks, {
      fitIdentity: true,
      captureDetail: true,
      neutralExpression: true,
    });
    // The identity modes alone explain most of the person's shape...
    expect(neutralFit.residualRms).toBeLessThan(0.01);
    // ...and with the captured detail the rig reproduces their neutral face at rest.
    const refit = fitter.fit(neutralLandmarks, { identity: neutralFit.identity, exactLids: true });
    expect(refit.residualRms).toBeLessThan(2e-3);
    expect(Math.max(...refit.coefficients)).toBeLessThan(0.05);
    const smile = new Float64Array(52);
    smile[blendshapeIndex('mouthSmileLeft')] = 0.8;
    smile[blendshapeIndex('mouthSmileRight')] = 0.7;
    smile[blendshapeIndex('jawOpen')] = 0.3;
    const frame = synthesizeLandmarks(
      smile,
      { ...pose, yawDeg: -15 },
      { identity: person, noiseFaceWidths: 0.003, random },
    );
    const fit = fitter.fit(frame, { identity: neutralFit.identity, exactLids: true });
    expect(fit.coefficients[blendshapeIndex('mouthSmileLeft')]).toBeCloseTo(0.8, 1);
    expect(fit.coefficients[blendshapeIndex('mouthSmileRight')]).toBeCloseTo(0.7, 1);
    expect(fit.coefficients[blendshapeIndex('jawOpen')]).toBeCloseTo(0.3, 1);
    expect(Math.abs(fit.pose.yawDeg + 15)).toBeLessThan(1);
  });

  it('rejects landmark arrays of the wrong size or with non-finite values', () => {
    const fitter = new RigFitter();
    expect(() => fitter.fit(new Float64Array(100))).toThrow(/468 or 478 landmarks/);
    const bad = new Float64Array(478 * 3);
    bad[5] = NaN;
    expect(() => fitter.fit(bad)).toThrow(/value 5 is not a finite number/);
  });
});
