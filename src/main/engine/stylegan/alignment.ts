import type { AlignmentTemplate } from '../../../shared/api';
import { FACE_MESH_REGIONS } from '../../../shared/rig';
import { fitSimilarity, type Similarity } from '../generate/tasks';

/** Facemesh eye contours (as in FFHQ's recipe, an eye's centre is the mean of its contour). */
const EYE_CONTOURS = [
  [33, 160, 158, 133, 153, 144],
  [362, 385, 387, 263, 373, 380],
] as const;
/** Mouth corners: FFHQ's mouth centre is their midpoint. */
const MOUTH_CORNERS = [61, 291] as const;

function meanPoint(landmarks: ArrayLike<number>, indices: readonly number[]): [number, number] {
  let x = 0;
  let y = 0;
  for (const i of indices) {
    x += landmarks[i * 3]!;
    y += landmarks[i * 3 + 1]!;
  }
  return [x / indices.length, y / indices.length];
}

/** The three points an alignment template places, from facemesh landmarks (x, y, z in photo pixels). */
export function alignmentPoints(landmarks: ArrayLike<number>): {
  leftEye: [number, number];
  rightEye: [number, number];
  mouth: [number, number];
} {
  const a = meanPoint(landmarks, EYE_CONTOURS[0]);
  const b = meanPoint(landmarks, EYE_CONTOURS[1]);
  // The template names eyes as they appear in the image: its "leftEye" is the one on the left.
  const [leftEye, rightEye] = a[0] <= b[0] ? [a, b] : [b, a];
  return { leftEye, rightEye, mouth: meanPoint(landmarks, MOUTH_CORNERS) };
}

/** Photo pixel -> aligned pixel of a side-`resolution` square, putting the face where the template says. */
export function alignmentTransform(
  landmarks: ArrayLike<number>,
  template: AlignmentTemplate,
  resolution: number,
): Similarity {
  const p = alignmentPoints(landmarks);
  const t = template.points;
  return fitSimilarity(
    [...p.leftEye, ...p.rightEye, ...p.mouth],
    [t.leftEye, t.rightEye, t.mouth].flatMap(([x, y]) => [x * resolution, y * resolution]),
  );
}

/** The face oval (facemesh silhouette) in photo pixels: where the generated face is pasted back. */
export function faceOutline(landmarks: ArrayLike<number>): Float32Array {
  const outline = FACE_MESH_REGIONS.silhouette;
  const polygon = new Float32Array(outline.length * 2);
  outline.forEach((index, k) => {
    polygon[k * 2] = landmarks[index * 3]!;
    polygon[k * 2 + 1] = landmarks[index * 3 + 1]!;
  });
  return polygon;
}
