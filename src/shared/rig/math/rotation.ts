/**
 * Head rotation convention (model frame: x towards the subject's left, y up, z towards the camera):
 *   R = Rz(roll) * Ry(yaw) * Rx(-pitch)
 * yaw > 0 turns the face towards the image's right, pitch > 0 lifts the chin, roll > 0 turns
 * the head counter-clockwise as seen in the image. Matrices are row-major Float64Array(9).
 */
const DEG = Math.PI / 180;

export function eulerDegreesToMatrix(
  yawDeg: number,
  pitchDeg: number,
  rollDeg: number,
  out: Float64Array = new Float64Array(9),
): Float64Array {
  const cy = Math.cos(yawDeg * DEG);
  const sy = Math.sin(yawDeg * DEG);
  const cp = Math.cos(-pitchDeg * DEG);
  const sp = Math.sin(-pitchDeg * DEG);
  const cr = Math.cos(rollDeg * DEG);
  const sr = Math.sin(rollDeg * DEG);
  // Rz * Ry * Rx written out.
  out[0] = cr * cy;
  out[1] = cr * sy * sp - sr * cp;
  out[2] = cr * sy * cp + sr * sp;
  out[3] = sr * cy;
  out[4] = sr * sy * sp + cr * cp;
  out[5] = sr * sy * cp - cr * sp;
  out[6] = -sy;
  out[7] = cy * sp;
  out[8] = cy * cp;
  return out;
}

/** Inverse of eulerDegreesToMatrix for a proper rotation matrix. */
export function matrixToEulerDegrees(m: ArrayLike<number>): { yawDeg: number; pitchDeg: number; rollDeg: number } {
  const m20 = Math.max(-1, Math.min(1, m[6] ?? 0));
  const yaw = Math.asin(-m20);
  const pitchX = Math.atan2(m[7] ?? 0, m[8] ?? 1);
  const roll = Math.atan2(m[3] ?? 0, m[0] ?? 1);
  return { yawDeg: yaw / DEG, pitchDeg: -pitchX / DEG, rollDeg: roll / DEG };
}

/** Angle in degrees of the rotation taking a to b (both row-major 3x3 rotations). */
export function rotationAngleBetweenDegrees(a: ArrayLike<number>, b: ArrayLike<number>): number {
  // trace(a^T b) = 1 + 2 cos(theta)
  let trace = 0;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) trace += (a[r * 3 + c] ?? 0) * (b[r * 3 + c] ?? 0);
  return Math.acos(Math.max(-1, Math.min(1, (trace - 1) / 2))) / DEG;
}

/** Rotation matrix of a unit quaternion (w, x, y, z). */
export function quaternionToMatrix(w: number, x: number, y: number, z: number, out: Float64Array): Float64Array {
  out[0] = 1 - 2 * (y * y + z * z);
  out[1] = 2 * (x * y - w * z);
  out[2] = 2 * (x * z + w * y);
  out[3] = 2 * (x * y + w * z);
  out[4] = 1 - 2 * (x * x + z * z);
  out[5] = 2 * (y * z - w * x);
  out[6] = 2 * (x * z - w * y);
  out[7] = 2 * (y * z + w * x);
  out[8] = 1 - 2 * (x * x + y * y);
  return out;
}

/** Rotation about an axis through the origin (unit axis), angle in radians. */
export function axisAngleToMatrix(
  ax: number,
  ay: number,
  az: number,
  angle: number,
  out: Float64Array = new Float64Array(9),
): Float64Array {
  const h = angle / 2;
  const s = Math.sin(h);
  return quaternionToMatrix(Math.cos(h), ax * s, ay * s, az * s, out);
}
