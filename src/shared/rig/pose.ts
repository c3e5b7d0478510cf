import { eulerDegreesToMatrix, matrixToEulerDegrees } from './math/rotation';
import type { Similarity } from './math/similarity';

/**
 * Head pose: the rig's model points p (canonical frame: x to the subject's left, y up, z towards
 * the camera, unit face width) land on image landmarks as
 *   camera = scale * R(yaw, pitch, roll) * p + (tx, -ty, -tz),  image = (camera.x, -camera.y, -camera.z)
 * i.e. (tx, ty) is where the model origin projects in image pixels (y down), tz its depth in the
 * landmarks' z units (facemesh: pixels, smaller = nearer), scale the face width in pixels.
 * Angles in degrees; see math/rotation.ts for the axes and signs.
 */
export interface HeadPose {
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
  tx: number;
  ty: number;
  tz: number;
  scale: number;
}

export const IDENTITY_POSE: Readonly<HeadPose> = { yawDeg: 0, pitchDeg: 0, rollDeg: 0, tx: 0, ty: 0, tz: 0, scale: 1 };

/** Pose to the camera-frame similarity used internally (y up, z towards the camera). */
export function poseToSimilarity(pose: HeadPose, out: Similarity): Similarity {
  eulerDegreesToMatrix(pose.yawDeg, pose.pitchDeg, pose.rollDeg, out.rotation);
  out.scale = pose.scale;
  out.translation[0] = pose.tx;
  out.translation[1] = -pose.ty;
  out.translation[2] = -pose.tz;
  return out;
}

export function similarityToPose(sim: Similarity): HeadPose {
  const { yawDeg, pitchDeg, rollDeg } = matrixToEulerDegrees(sim.rotation);
  return {
    yawDeg,
    pitchDeg,
    rollDeg,
    tx: sim.translation[0]!,
    ty: -sim.translation[1]!,
    tz: -sim.translation[2]!,
    scale: sim.scale,
  };
}

/** Image landmarks (x right, y down, z away from the camera) to the camera frame, and back (same function). */
export function flipImageCamera(points: ArrayLike<number>, count: number, out: Float64Array): Float64Array {
  for (let i = 0; i < count; i++) {
    out[i * 3] = points[i * 3]!;
    out[i * 3 + 1] = -points[i * 3 + 1]!;
    out[i * 3 + 2] = -points[i * 3 + 2]!;
  }
  return out;
}
