import { blendshapeIndex, type ArkitBlendshapeName, type HeadRotation } from '../../../../shared/rig';
import { eyeballRows, type EyeShading, type LidShading } from './eye-shading';
import { lipColumns, type MouthAxes } from './mouth-axes';
import { MOUTH_LUT_SIZE, type MouthShading } from './mouth-interior';
import { DONOR_OPEN_FROM, DONOR_OPEN_FULL, lipGain, mouthOpening, type MouthDonor } from './mouth-donor';
import { lidTone, type LidTone } from './lid-tone';
import { irisRadius, type Rgb } from './photo-colours';
import { levelFor, type PyramidLevel } from './source-pyramid';
import { teethBite } from './teeth-bite';
import type { WarpPrepared } from './warp-generator';
import { EYES, LOWER_INNER_LIP, UPPER_INNER_LIP } from './warp-topology';

/** Per-frame parameters of the eye shader: the rig's iris in the frame, the photo's in the sampled level. */
export function eyeShadingFor(
  side: 'right' | 'left',
  prepared: WarpPrepared,
  alpha: number,
  scale: number,
  level: PyramidLevel,
): EyeShading {
  const spec = EYES[side];
  const { target } = prepared;
  const { landmarks, region } = prepared.geometry;
  const polyline = (indices: readonly number[]) => sortedPolyline(landmarks, indices, level.scale);
  // The iris's offset from the eye corners' middle, edited against the photo (frame pixels): the
  // eye shader only repaints an iris the rig moved; an unmoved one stays the photo's pixels.
  const offset = (points: ArrayLike<number>, axis: number) =>
    points[spec.irisCentre * 3 + axis]! -
    (points[spec.upper[0] * 3 + axis]! + points[spec.upper[spec.upper.length - 1]! * 3 + axis]!) / 2;
  // Redrawn once the iris has moved against the corners by more than a head turn moves it (the
  // photo's own eye is kept then), fully from half its radius.
  const moved = Math.hypot(offset(target, 0) - offset(landmarks, 0), offset(target, 1) - offset(landmarks, 1)) * scale;
  const radius = irisRadius(landmarks, spec.irisCentre, spec.irisContour) * scale;
  const t = Math.min(1, Math.max(0, (moved - 0.15 * radius - 0.25) / (0.35 * radius + 0.5)));
  const framePolyline = (indices: readonly number[]) => sortedPolyline(target, indices, scale, region.x, region.y);
  const corners = [spec.upper[0], spec.upper[spec.upper.length - 1]!];
  const extent = prepared.colours.irisExtent[side];
  const sourceRadius = Math.max(0.5, irisRadius(landmarks, spec.irisCentre, spec.irisContour) * extent * level.scale);
  return {
    alpha: alpha * t * t * (3 - 2 * t),
    targetUpper: framePolyline(spec.upper),
    targetLower: framePolyline([corners[0]!, ...spec.lower, corners[1]!]),
    perFramePixel: level.scale / scale,
    targetX: (target[spec.irisCentre * 3]! - region.x) * scale,
    targetY: (target[spec.irisCentre * 3 + 1]! - region.y) * scale,
    targetRadius: Math.max(0.5, irisRadius(target, spec.irisCentre, spec.irisContour) * extent * scale),
    sourceX: landmarks[spec.irisCentre * 3]! * level.scale,
    sourceY: landmarks[spec.irisCentre * 3 + 1]! * level.scale,
    sourceRadius,
    scleraRows: eyeballRows(sourceRadius),
    sourceUpper: polyline(spec.upper),
    sourceLower: polyline([spec.upper[0], ...spec.lower, spec.upper[spec.upper.length - 1]!]),
    sclera: prepared.colours.sclera[side],
    iris: prepared.colours.iris[side],
  };
}

/** Points `indices` of `points` (x, y, z) as x, y pairs sorted by x, scaled by `scale` from (ox, oy). */
function sortedPolyline(
  points: ArrayLike<number>,
  indices: readonly number[],
  scale: number,
  ox = 0,
  oy = 0,
): Float32Array {
  const xy = indices.map((i) => [(points[i * 3]! - ox) * scale, (points[i * 3 + 1]! - oy) * scale] as const);
  xy.sort((a, b) => a[0] - b[0]);
  return Float32Array.from(xy.flat());
}

/** A mouth's frame (corner 78 to corner 308) in pixels of `pointScale` from (ox, oy), and its inner lips per column. */
function mouthFrame(points: ArrayLike<number>, pointScale: number, ox: number, oy: number) {
  const rx = (points[78 * 3]! - ox) * pointScale;
  const ry = (points[78 * 3 + 1]! - oy) * pointScale;
  const lx = (points[308 * 3]! - ox) * pointScale;
  const ly = (points[308 * 3 + 1]! - oy) * pointScale;
  const width = Math.max(1e-3, Math.hypot(lx - rx, ly - ry));
  const axes: MouthAxes = { rx, ry, width, axisX: (lx - rx) / width, axisY: (ly - ry) / width };
  const place = { pointScale, ox, oy };
  return {
    ...axes,
    upper: lipColumns(points, UPPER_INNER_LIP, axes, place),
    lower: lipColumns(points, LOWER_INNER_LIP, axes, place),
  };
}

/**
 * How open the mouth of a face's landmarks (478 x, y, z) is, as the donor measures it: mean
 * inner-lip gap over the middle third of the mouth, in mouth widths (see DONOR_OPEN_FROM).
 */
export function landmarkMouthOpening(landmarks: ArrayLike<number>): number {
  const frame = mouthFrame(landmarks, 1, 0, 0);
  return mouthOpening(frame.upper, frame.lower, frame.width);
}

/** Per-frame parameters of the mouth shader: the target mouth's frame and, per column, how much to paint. */
export function mouthShadingFor(
  prepared: WarpPrepared,
  alpha: number,
  scale: number,
  level: PyramidLevel,
  /** The head rotation this frame shows (the teeth turn with it). */
  head: HeadRotation,
  /** The expression source photo (prepared like the portrait) and the mouth layer's alpha, when there is one. */
  donor: { prepared: WarpPrepared; alpha: number } | null = null,
): MouthShading {
  const { target } = prepared;
  const { landmarks, region } = prepared.geometry;
  const edited = mouthFrame(target, scale, region.x, region.y);
  const photo = mouthFrame(landmarks, scale, region.x, region.y);
  const photoInLevel = mouthFrame(landmarks, level.scale, 0, 0);
  const paint = new Float32Array(MOUTH_LUT_SIZE);
  for (let k = 0; k < MOUTH_LUT_SIZE; k++) {
    const shown = Math.max(0, photo.lower[k]! - photo.upper[k]!);
    const wanted = edited.lower[k]! - edited.upper[k]!;
    // Paint only where the lips part clearly further than in the photo; the photo's own opening
    // (its teeth, its shadows) is kept by the mesh warp while the edit stays close to it.
    const low = shown * 1.1 + 0.5;
    const high = shown * 1.5 + 2.5;
    const t = Math.min(1, Math.max(0, (wanted - low) / (high - low)));
    paint[k] = t * t * (3 - 2 * t);
  }
  return {
    alpha,
    donor: donor ? mouthDonorFor(donor.prepared, donor.alpha, prepared.colours.lip, edited.width) : null,
    originX: edited.rx,
    originY: edited.ry,
    axisX: edited.axisX,
    axisY: edited.axisY,
    width: edited.width,
    upper: edited.upper,
    lower: edited.lower,
    paint,
    lip: prepared.colours.lip,
    teeth: prepared.colours.teeth,
    photoShowsTeeth: prepared.colours.teethFromPhoto,
    teethExposure: teethExposure(prepared.coefficients),
    // Only painted teeth read the bite: none when the photo's own are carried or nothing is painted.
    bite:
      prepared.colours.teethFromPhoto || !paint.some((p) => p > 0) ? NO_BITE : teethBite(prepared, head, edited, scale),
    source: {
      originX: photoInLevel.rx,
      originY: photoInLevel.ry,
      axisX: photoInLevel.axisX,
      axisY: photoInLevel.axisY,
      width: photoInLevel.width,
      upper: photoInLevel.upper,
      lower: photoInLevel.lower,
      perFramePixel: level.scale / scale,
    },
  };
}

/**
 * The expression source's mouth for this frame, or null when it is (nearly) shut or the mouth layer
 * is off: its level is the one whose mouth is about as wide as the target's in the frame.
 */
function mouthDonorFor(donor: WarpPrepared, alpha: number, portraitLip: Rgb, targetWidth: number): MouthDonor | null {
  const landmarks = donor.geometry.landmarks;
  const original = mouthFrame(landmarks, 1, 0, 0);
  const opening = mouthOpening(original.upper, original.lower, original.width);
  const strength = alpha * smoothstep(DONOR_OPEN_FROM, DONOR_OPEN_FULL, opening);
  if (strength <= 0.001) return null;
  const level = levelFor(donor.pyramid, targetWidth / original.width);
  const frame = mouthFrame(landmarks, level.scale, 0, 0);
  return {
    strength,
    level,
    originX: frame.rx,
    originY: frame.ry,
    axisX: frame.axisX,
    axisY: frame.axisY,
    width: frame.width,
    upper: frame.upper,
    lower: frame.lower,
    gain: lipGain(portraitLip, donor.colours.lip),
    perTargetPixel: frame.width / targetWidth,
  };
}

const smoothstep = (e0: number, e1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

const NO_TONE: LidTone = { x0: 0, rgb: new Float32Array(3) };
const NO_BITE = new Float32Array(MOUTH_LUT_SIZE);

/** Per-frame parameters of the upper-lid shader: how far the rig closed this eye against the photo. */
export function lidShadingFor(
  side: 'right' | 'left',
  prepared: WarpPrepared,
  alpha: number,
  level: PyramidLevel,
): LidShading {
  const spec = EYES[side];
  const { target } = prepared;
  const { landmarks } = prepared.geometry;
  const middle = spec.upper[Math.floor(spec.upper.length / 2)]!;
  const lower = spec.lower[Math.floor(spec.lower.length / 2)]!;
  const opening = (points: ArrayLike<number>) => Math.max(0, points[lower * 3 + 1]! - points[middle * 3 + 1]!);
  const photoOpening = opening(landmarks);
  const closure = photoOpening > 0.5 ? Math.min(1, Math.max(0, 1 - opening(target) / photoOpening)) : 0;
  const polyline = (indices: readonly number[]) => sortedPolyline(landmarks, indices, level.scale);
  const crease = spec.crease[Math.floor(spec.crease.length / 2)]!;
  const band = (points: ArrayLike<number>) =>
    Math.hypot(points[middle * 3]! - points[crease * 3]!, points[middle * 3 + 1]! - points[crease * 3 + 1]!);
  const [margin, fold, above, lowerMargin] = [spec.upper, spec.crease, spec.sulcus, spec.lower].map(polyline) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  // The tone depends on the photo and the level only: measured once per prepared source and level.
  let tone: LidTone | null = null;
  if (closure * alpha > 0.02) {
    const key = `${side}@${level.scale}`;
    if (!prepared.lidTones.has(key)) prepared.lidTones.set(key, lidTone(level, margin, fold, above, lowerMargin));
    tone = prepared.lidTones.get(key) ?? null;
  }
  return {
    closure: tone ? closure * alpha : 0,
    stretch: Math.max(1, band(target) / Math.max(0.5, band(landmarks))),
    margin,
    fold,
    above,
    lower: lowerMargin,
    tone: tone ?? NO_TONE,
  };
}
/**
 * How far the edited lips are drawn back from the teeth (0 relaxed, 1 a full smile or grimace): the
 * lip corners pulled up and back (smile) and the upper lip raised uncover them; a jaw drop alone
 * does not (the lips follow the jaw and keep covering the teeth).
 */
function teethExposure(coefficients: Float32Array): number {
  const mean = (a: ArkitBlendshapeName, b: ArkitBlendshapeName) =>
    (coefficients[blendshapeIndex(a)]! + coefficients[blendshapeIndex(b)]!) / 2;
  const drawn = mean('mouthSmileLeft', 'mouthSmileRight') + 0.5 * mean('mouthUpperUpLeft', 'mouthUpperUpRight');
  return Math.min(1, Math.max(0, drawn));
}
