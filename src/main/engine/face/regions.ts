import { LEFT_EYE_OUTER, RIGHT_EYE_OUTER } from './landmark-indices';
import type { FaceBox, FaceDetection, RotatedSquare } from './types';

/**
 * Crop regions for the mesh model, following MediaPipe's face_landmark graph: a square 1.5 times
 * the long side of the face box, rotated so the eye line is horizontal.
 */

const MESH_REGION_SCALE = 1.5;

/** Region from a detector hit: its box, rolled by the line from the subject's right eye to the left eye. */
export function regionFromDetection(detection: FaceDetection): RotatedSquare {
  const [rx, ry, lx, ly] = detection.keypoints as [number, number, number, number];
  const angle = Math.atan2(ly - ry, lx - rx);
  const { box } = detection;
  return {
    cx: box.x + box.width / 2,
    cy: box.y + box.height / 2,
    size: Math.max(box.width, box.height) * MESH_REGION_SCALE,
    angle,
  };
}

/** Roll of the face from the outer eye corners of a landmark array (x, y, z triplets). */
export function rollFromLandmarks(landmarks: ArrayLike<number>): number {
  const rx = landmarks[RIGHT_EYE_OUTER * 3]!;
  const ry = landmarks[RIGHT_EYE_OUTER * 3 + 1]!;
  const lx = landmarks[LEFT_EYE_OUTER * 3]!;
  const ly = landmarks[LEFT_EYE_OUTER * 3 + 1]!;
  return Math.atan2(ly - ry, lx - rx);
}

/**
 * Region for the next frame from this frame's landmarks: their bounding box measured along the
 * eye line, enlarged by `scale` (1.5 for the mesh, as MediaPipe's landmarks-to-ROI).
 */
export function regionFromLandmarks(
  landmarks: ArrayLike<number>,
  count: number,
  scale = MESH_REGION_SCALE,
): RotatedSquare {
  const angle = rollFromLandmarks(landmarks);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  for (let i = 0; i < count; i++) {
    const x = landmarks[3 * i]!;
    const y = landmarks[3 * i + 1]!;
    const u = cos * x + sin * y;
    const v = -sin * x + cos * y;
    if (u < minU) minU = u;
    if (u > maxU) maxU = u;
    if (v < minV) minV = v;
    if (v > maxV) maxV = v;
  }
  const cu = (minU + maxU) / 2;
  const cv = (minV + maxV) / 2;
  return {
    cx: cos * cu - sin * cv,
    cy: sin * cu + cos * cv,
    size: Math.max(maxU - minU, maxV - minV) * scale,
    angle,
  };
}

/** Axis-aligned bounding box of the first `count` points of a landmark array. */
export function boxOfLandmarks(landmarks: ArrayLike<number>, count: number): FaceBox {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < count; i++) {
    const x = landmarks[3 * i]!;
    const y = landmarks[3 * i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}
