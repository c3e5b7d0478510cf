import { CHIN_BOTTOM, FOREHEAD_TOP, LEFT_FACE_EDGE, RIGHT_FACE_EDGE } from './landmark-indices';
import { rollFromLandmarks } from './regions';

const DEGREES = 180 / Math.PI;

/**
 * Head rotation in degrees from the mesh's 3D points. Roll comes from the eye line; yaw from the
 * depth difference across the cheeks (points 234, 454) and pitch from forehead to chin (10, 152),
 * measured after removing the roll. 0 everywhere is a frontal, upright face. Positive yaw: the
 * subject turns towards the image's right (their left).
 */
export function estimatePose(landmarks: ArrayLike<number>): { yaw: number; pitch: number; roll: number } {
  const roll = rollFromLandmarks(landmarks);
  const cos = Math.cos(roll);
  const sin = Math.sin(roll);
  const vector = (from: number, to: number): [number, number, number] => {
    const dx = landmarks[3 * to]! - landmarks[3 * from]!;
    const dy = landmarks[3 * to + 1]! - landmarks[3 * from + 1]!;
    const dz = landmarks[3 * to + 2]! - landmarks[3 * from + 2]!;
    return [cos * dx + sin * dy, -sin * dx + cos * dy, dz];
  };
  const across = vector(RIGHT_FACE_EDGE, LEFT_FACE_EDGE);
  const down = vector(FOREHEAD_TOP, CHIN_BOTTOM);
  return {
    yaw: Math.atan2(across[2], across[0]) * DEGREES,
    pitch: Math.atan2(-down[2], down[1]) * DEGREES,
    roll: roll * DEGREES,
  };
}
