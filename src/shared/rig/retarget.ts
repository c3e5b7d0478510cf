import { BLENDSHAPE_COUNT } from './arkit-names';
import { clampCoefficients, type ClampedCoefficient } from './coefficients';
import { eulerDegreesToMatrix, matrixToEulerDegrees } from './math/rotation';
import type { HeadPose } from './pose';
import { evaluateRig, identityNeutral, type RigIdentity } from './rig-model';

/** The face being animated: its identity, and the expression and pose it has in its photo. */
export interface RetargetSource {
  identity: RigIdentity;
  coefficients: ArrayLike<number>;
  pose: HeadPose;
}

/** One frame of the driver (video, CSV track or another photo), optionally with its own rest state. */
export interface RetargetDriver {
  coefficients: ArrayLike<number>;
  pose?: HeadPose;
  /** the driver's own neutral (resting) coefficients, for relative mode; default all 0 */
  neutralCoefficients?: ArrayLike<number>;
  /** the driver's resting head pose, for relative pose transfer; default facing the camera (no rotation) */
  neutralPose?: HeadPose;
}

export interface RetargetOptions {
  /**
   * 'absolute': the source takes the driver's coefficients as they are.
   * 'relative': the source keeps its own expression and adds the driver's change from the
   * driver's neutral (so a driver whose resting face reads mouthSmile 0.2 does not make the
   * source smile at rest).
   */
  mode: 'absolute' | 'relative';
  /** 'none' keeps the source's pose; 'absolute' takes the driver's rotation; 'relative' adds the driver's rotation relative to its neutral pose */
  pose: 'none' | 'absolute' | 'relative';
}

export interface RetargetResult {
  coefficients: Float32Array;
  clamped: ClampedCoefficient[];
  pose: HeadPose;
}

/** Applies a driver's expression (and optionally head rotation) to a source face. */
export function retarget(source: RetargetSource, driver: RetargetDriver, options: RetargetOptions): RetargetResult {
  if (driver.coefficients.length !== BLENDSHAPE_COUNT || source.coefficients.length !== BLENDSHAPE_COUNT) {
    throw new RangeError(`retarget needs ${BLENDSHAPE_COUNT} coefficients for both source and driver`);
  }
  const raw = new Float64Array(BLENDSHAPE_COUNT);
  for (let k = 0; k < BLENDSHAPE_COUNT; k++) {
    const driven = driver.coefficients[k]!;
    raw[k] =
      options.mode === 'absolute' ? driven : source.coefficients[k]! + driven - (driver.neutralCoefficients?.[k] ?? 0);
  }
  const { coefficients, clamped } = clampCoefficients(raw);

  let pose: HeadPose = { ...source.pose };
  if (options.pose !== 'none') {
    if (!driver.pose) throw new Error(`pose transfer '${options.pose}' needs the driver's pose`);
    const driverRotation = eulerDegreesToMatrix(driver.pose.yawDeg, driver.pose.pitchDeg, driver.pose.rollDeg);
    let rotation: Float64Array = driverRotation;
    if (options.pose === 'relative') {
      // R = R_driver * R_driverNeutral^T * R_source: the driver's turn away from its rest, applied to the source.
      const rest = driver.neutralPose ?? { yawDeg: 0, pitchDeg: 0, rollDeg: 0 };
      const restRotation = eulerDegreesToMatrix(rest.yawDeg, rest.pitchDeg, rest.rollDeg);
      const sourceRotation = eulerDegreesToMatrix(source.pose.yawDeg, source.pose.pitchDeg, source.pose.rollDeg);
      rotation = multiply3(multiply3(driverRotation, transpose3(restRotation)), sourceRotation);
    }
    pose = { ...source.pose, ...matrixToEulerDegrees(rotation) };
  }
  return { coefficients, clamped, pose };
}

/** The source's model-frame points under retargeted coefficients (for previews and the warp generator). */
export function retargetedPoints(source: RetargetSource, coefficients: ArrayLike<number>): Float32Array {
  return evaluateRig(identityNeutral(source.identity), coefficients);
}

function multiply3(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++)
      out[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  }
  return out;
}

function transpose3(a: Float64Array): Float64Array {
  return Float64Array.from([a[0]!, a[3]!, a[6]!, a[1]!, a[4]!, a[7]!, a[2]!, a[5]!, a[8]!]);
}
