import { LANDMARK, RIG_POINT_COUNT } from './topology/rig-points';
import { ALL_LIPS, MOUTH_CENTRE, LEFT_EYE_CENTRE, LEFT_BROW, mandibleWeights } from './shapes/anatomy';
import { mirrorField, mirrorIndex } from './topology/mirror';
import { lidDisplacement } from './shapes/eyes';
import {
  addField,
  byPosition,
  maxOf,
  members,
  nearPoint,
  nearPoints,
  newDisplacement,
  py,
  smoothstep,
  type DisplacementField,
} from './shapes/region-tools';

/**
 * Identity basis: a few smooth, symmetric proportion changes of the canonical face (the
 * "shape basis" of a morphable model, authored like the expression shapes rather than learnt,
 * since no freely licensed face-shape data exists on this topology). A person's neutral face is
 *   canonical + sum_k a_k * mode_k + detail
 * where a (about [-2, 2], strongly regularised) captures proportions and `detail` is the small
 * per-point residual left after fitting their neutral photo.
 * Each mode at coefficient 1 is about a one-standard-deviation change of that proportion.
 */
export const IDENTITY_MODE_NAMES = [
  'faceWidth',
  'faceDepth',
  'lowerFaceLength',
  'foreheadHeight',
  'jawWidth',
  'chinLength',
  'eyeSpacing',
  'eyeSize',
  'browHeight',
  'noseLength',
  'noseWidth',
  'noseProjection',
  'mouthWidth',
  'lipFullness',
  // Added after the first 14 (stored fits with 14 modes read the rest as 0): without them a
  // person's rounder eyes, higher-set eyes or longer upper lip could only be explained by
  // eyeWide, eyeSquint or mouthShrug*/mouthUpperUp.
  'eyeOpening',
  'eyeHeight',
  'mouthHeight',
] as const;
export type IdentityModeName = (typeof IDENTITY_MODE_NAMES)[number];
export const IDENTITY_MODE_COUNT = IDENTITY_MODE_NAMES.length;

function symmetricAbout(centre: readonly [number, number, number], radius: number) {
  const mirror = [-centre[0], centre[1], centre[2]] as const;
  return maxOf(nearPoint(centre, radius), nearPoint(mirror, radius));
}

/** A left-eye field plus its mirror image. */
function symmetric(left: DisplacementField): DisplacementField {
  const right = mirrorField(left);
  for (let k = 0; k < left.length; k++) left[k] = left[k]! + right[k]!;
  return left;
}

function buildModes(): Record<IdentityModeName, DisplacementField> {
  const all = byPosition(() => 1);
  const noseBottom = py(LANDMARK.noseBottom);
  const browLine = py(334);
  const lowerFace = byPosition((_x, y) => smoothstep(noseBottom, noseBottom - 0.3, y));
  const nose = nearPoints([1, 2, 4, 5, 195, 98, 327, 168], 0.09);
  const lips = maxOf(members([[ALL_LIPS, 1]]), nearPoint(MOUTH_CENTRE, [0.22, 0.1, 0.3]));
  const eyes = symmetricAbout(LEFT_EYE_CENTRE, 0.13);
  const mirror = mirrorIndex();
  const brows = maxOf(
    nearPoints(LEFT_BROW, 0.08),
    nearPoints(
      LEFT_BROW.map((i) => mirror[i]!),
      0.08,
    ),
  );
  const field = (weights: Float64Array, f: Parameters<typeof addField>[2]) => addField(newDisplacement(), weights, f);
  return {
    faceWidth: field(all, (x) => [0.06 * x, 0, 0]),
    faceDepth: field(all, (_x, _y, z) => [0, 0, 0.08 * z]),
    lowerFaceLength: field(all, (_x, y) => [0, 0.1 * Math.min(0, y - noseBottom), 0]),
    foreheadHeight: field(all, (_x, y) => [0, 0.15 * Math.max(0, y - browLine), 0]),
    jawWidth: field(lowerFace, (x) => [0.08 * x, 0, 0]),
    chinLength: field(mandibleWeights(), () => [0, -0.025, 0]),
    eyeSpacing: field(eyes, (x) => [Math.sign(x) * 0.012, 0, 0]),
    eyeSize: field(eyes, (x, y, z) => {
      const cx = Math.sign(x) * LEFT_EYE_CENTRE[0];
      return [0.12 * (x - cx), 0.12 * (y - LEFT_EYE_CENTRE[1]), 0.12 * (z - LEFT_EYE_CENTRE[2])];
    }),
    browHeight: field(brows, () => [0, 0.015, 0]),
    noseLength: field(nose, (_x, y) => [0, -0.03 * smoothstep(0.3, -0.1, y), 0]),
    noseWidth: field(nose, (x) => [0.12 * x, 0, 0]),
    noseProjection: field(nose, () => [0, 0, 0.02]),
    mouthWidth: field(lips, (x) => [0.1 * x, 0, 0]),
    lipFullness: field(members([[ALL_LIPS, 1]]), (_x, y) => [0, 0.2 * (y - MOUTH_CENTRE[1]), 0]),
    // Both lids away from the eye's midline (a rounder, taller opening), unlike eyeWide, which
    // is mostly the upper lid; the iris is untouched.
    eyeOpening: symmetric(lidDisplacement({ upper: [0.12, 0.08, 0.03], lower: [-0.08, -0.05] })),
    eyeHeight: field(eyes, () => [0, 0.012, 0]),
    // The mouth set higher or lower between nose and chin (upper-lip length).
    mouthHeight: field(lips, () => [0, 0.012, 0]),
  };
}

let cached: Float32Array | null = null;

/** All identity modes back to back: [mode][point][xyz]. */
export function getIdentityBasis(): Float32Array {
  if (cached) return cached;
  const modes = buildModes();
  const size = RIG_POINT_COUNT * 3;
  cached = new Float32Array(IDENTITY_MODE_COUNT * size);
  IDENTITY_MODE_NAMES.forEach((name, k) => cached!.set(modes[name], k * size));
  return cached;
}
