import type { CappedAngle, PixelRect } from '../../../../shared/generate';
import {
  eulerDegreesToMatrix,
  blendshapeIndex,
  evaluateRig,
  getBlendshapeBasis,
  projectToImage,
  RIG_POINT_COUNT,
  type HeadPose,
  type HeadRotation,
} from '../../../../shared/rig';
import type { GeneratorSource } from '../generator';
import { SURFACE } from './coordinate-map';
import {
  BORDER_START,
  EYES,
  MOUTH_CENTRE_VERTEX,
  MOUTH_INNER_LOOP,
  RING_COUNT,
  RING_FRACTIONS,
  RING_START,
  SILHOUETTE,
  WARP_VERTEX_COUNT,
  warpTopology,
} from './warp-topology';

/**
 * Where every warp vertex lies on the photo (source) and where the edited rig puts it (target), in
 * original-image pixels with facemesh depth. Face points move by the rig's displacement between
 * the photo's fitted state and the edited one, added to the detected landmarks (so an unedited
 * rig reproduces the photo exactly); the rings outside the face turn with the head and follow
 * the jaw and cheeks a little; the border never moves.
 */
export interface WarpGeometry {
  landmarks: Float32Array;
  pose: HeadPose;
  fitCoefficients: Float32Array;
  neutral: Float32Array;
  /** Per eye (right, left): the person's eye opening over the canonical one (see rigPoints). */
  lidScale: [number, number];
  fitProjected: Float64Array;
  /** The warped part of the photo (integer pixels); outside it every pixel is the photo's. */
  region: PixelRect;
  /** x, y, z of every warp vertex on the photo. */
  source: Float32Array;
  /** Per ring vertex: how much of the head's rigid motion and of its silhouette point's expression motion it takes. */
  ringRigid: Float32Array;
  ringExpression: Float32Array;
  scratch: {
    model: Float32Array<ArrayBuffer>;
    projected: Float64Array<ArrayBuffer>;
    rotation: Float64Array<ArrayBuffer>;
    fitRotation: Float64Array<ArrayBuffer>;
  };
}

const N = SILHOUETTE.length;
/** Back from the silhouette into the head (face widths) per ring: the skull is round behind the face's outline. */
const RING_DEPTH = [0.12, 0.3] as const;
/** Share of the head's rotation each ring takes above the mouth, and at the chin (the neck turns less). */
const RING_RIGID_TOP = [1, 0.55] as const;
const RING_RIGID_CHIN = [0.6, 0.2] as const;
const RING_EXPRESSION = [0.55, 0.18] as const;

export function prepareGeometry(source: GeneratorSource): WarpGeometry {
  const { landmarks, fit, image } = source;
  const lidScale = lidScaleOf(fit.neutral);
  const fitModel = rigPoints(fit.neutral, lidScale, fit.coefficients, new Float32Array(RIG_POINT_COUNT * 3));
  const fitProjected = projectToImage(fitModel, fit.pose);
  const region = faceRegion(landmarks, image.width, image.height);
  const sourceXYZ = new Float32Array(WARP_VERTEX_COUNT * 3);
  sourceXYZ.set(landmarks.subarray(0, RIG_POINT_COUNT * 3));
  centroidOf(sourceXYZ, MOUTH_INNER_LOOP, MOUTH_CENTRE_VERTEX, fit.pose.scale * 0.05);

  // Rays from the face's centre through each silhouette point to the region's edge.
  const cx = region.x + region.width / 2;
  const cy = boxOf(landmarks).cy;
  const mouthY = (landmarks[61 * 3 + 1]! + landmarks[291 * 3 + 1]!) / 2;
  const chinY = landmarks[152 * 3 + 1]!;
  const ringRigid = new Float32Array(RING_COUNT * N);
  const ringExpression = new Float32Array(RING_COUNT * N);
  for (let i = 0; i < N; i++) {
    const s = SILHOUETTE[i]!;
    const sx = landmarks[s * 3]!;
    const sy = landmarks[s * 3 + 1]!;
    const sz = landmarks[s * 3 + 2]!;
    const [bx, by] = rayToRect(cx, cy, sx, sy, region);
    const b = BORDER_START + i;
    sourceXYZ.set([bx, by, 1e6], b * 3);
    const chinness = Math.min(1, Math.max(0, (sy - mouthY) / Math.max(1, chinY - mouthY)));
    for (let r = 0; r < RING_COUNT; r++) {
      const f = RING_FRACTIONS[r]!;
      const v = RING_START + r * N + i;
      sourceXYZ.set([sx + f * (bx - sx), sy + f * (by - sy), sz + RING_DEPTH[r]! * fit.pose.scale], v * 3);
      ringRigid[r * N + i] = RING_RIGID_TOP[r]! + (RING_RIGID_CHIN[r]! - RING_RIGID_TOP[r]!) * chinness;
      ringExpression[r * N + i] = RING_EXPRESSION[r]!;
    }
  }
  return {
    landmarks,
    pose: fit.pose,
    fitCoefficients: fit.coefficients,
    neutral: fit.neutral,
    lidScale,
    fitProjected,
    region,
    source: sourceXYZ,
    ringRigid,
    ringExpression,
    scratch: {
      model: new Float32Array(RIG_POINT_COUNT * 3),
      projected: new Float64Array(RIG_POINT_COUNT * 3),
      rotation: new Float64Array(9),
      fitRotation: new Float64Array(9),
    },
  };
}

/** The lid shapes, per side, whose travel is sized to the canonical eye. */
const LID_SHAPES = {
  right: ['eyeBlinkRight', 'eyeSquintRight', 'eyeWideRight'],
  left: ['eyeBlinkLeft', 'eyeSquintLeft', 'eyeWideLeft'],
} as const;
/** Share of its blink travel the fold above the upper lid keeps. */
const FOLD_TRAVEL = 0.35;
/** Upper and lower lid margin middles per eye (right: 159/145, left: 386/374). */
const LID_MIDDLES = { right: [159, 145], left: [386, 374] } as const;

function lidScaleOf(neutral: Float32Array): [number, number] {
  const canonical = getBlendshapeBasis().neutral;
  const opening = (points: ArrayLike<number>, [upper, lower]: readonly [number, number]) =>
    points[upper * 3 + 1]! - points[lower * 3 + 1]!;
  const ratio = (side: 'right' | 'left') =>
    Math.min(4, Math.max(0.6, opening(neutral, LID_MIDDLES[side]) / opening(canonical, LID_MIDDLES[side])));
  return [ratio('right'), ratio('left')];
}

/**
 * The rig's model points, with two corrections that make eyeBlink mean a closed eye, as in ARKit:
 * the lid shapes' travel is scaled to this person's eye (the shapes move lids by a fraction of the
 * canonical eye's opening, so on wider-open eyes a blink at 1 would leave a slit), and eyeWide
 * fades out as the blink closes the lid over it (the fit often reads some eyeWide in a photo).
 */
function rigPoints(
  neutral: Float32Array,
  lidScale: [number, number],
  coefficients: Float32Array,
  out: Float32Array<ArrayBuffer>,
): Float32Array<ArrayBuffer> {
  evaluateRig(neutral, coefficients, out);
  const basis = getBlendshapeBasis();
  (['right', 'left'] as const).forEach((side, s) => {
    const scale = lidScale[s]!;
    const [blinkName, , wideName] = LID_SHAPES[side];
    const blink = Math.min(1, Math.max(0, coefficients[blendshapeIndex(blinkName)]!));
    for (const name of LID_SHAPES[side]) {
      const given = coefficients[blendshapeIndex(name)]!;
      const wanted = name === wideName ? given * (1 - blink) * scale : given * scale;
      const weight = wanted - given;
      if (Math.abs(weight) < 1e-6) continue;
      const delta = basis.shapeDelta(name);
      for (let j = 0; j < delta.length; j++) out[j] = out[j]! + weight * delta[j]!;
    }
    // The fold above the lid stays near its place while the lid unrolls over the eye (the shape
    // lowers it with the margin, which on a photo drags the fold's shadow down into a slit).
    const blinkDelta = basis.shapeDelta(blinkName);
    const held = blink * scale * (1 - FOLD_TRAVEL);
    for (const i of EYES[side].crease) {
      for (let a = 0; a < 3; a++) out[i * 3 + a] = out[i * 3 + a]! - held * blinkDelta[i * 3 + a]!;
    }
  });
  return out;
}

/** The warped region: the face's box widened for hair, ears and neck, inside the photo. */
export function faceRegion(landmarks: Float32Array, imageWidth: number, imageHeight: number): PixelRect {
  const box = boxOf(landmarks);
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const x0 = Math.max(0, Math.floor(box.x0 - 0.8 * w));
  const x1 = Math.min(imageWidth, Math.ceil(box.x1 + 0.8 * w));
  const y0 = Math.max(0, Math.floor(box.y0 - 0.6 * h));
  const y1 = Math.min(imageHeight, Math.ceil(box.y1 + 0.5 * h));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function boxOf(landmarks: Float32Array): { x0: number; x1: number; y0: number; y1: number; cy: number } {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < 468; i++) {
    const x = landmarks[i * 3]!;
    const y = landmarks[i * 3 + 1]!;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return { x0, x1, y0, y1, cy: (y0 + y1) / 2 };
}

function rayToRect(cx: number, cy: number, px: number, py: number, rect: PixelRect): [number, number] {
  const dx = px - cx;
  const dy = py - cy;
  let t = Infinity;
  if (dx > 1e-9) t = Math.min(t, (rect.x + rect.width - cx) / dx);
  if (dx < -1e-9) t = Math.min(t, (rect.x - cx) / dx);
  if (dy > 1e-9) t = Math.min(t, (rect.y + rect.height - cy) / dy);
  if (dy < -1e-9) t = Math.min(t, (rect.y - cy) / dy);
  // A silhouette point outside the region (a face cut by the photo's edge) keeps a short band.
  if (!Number.isFinite(t) || t < 1.05) t = 1.05;
  return [cx + dx * t, cy + dy * t];
}

function centroidOf(xyz: Float32Array, loop: readonly number[], into: number, pushBack: number): void {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const v of loop) {
    x += xyz[v * 3]!;
    y += xyz[v * 3 + 1]!;
    z += xyz[v * 3 + 2]!;
  }
  xyz[into * 3] = x / loop.length;
  xyz[into * 3 + 1] = y / loop.length;
  xyz[into * 3 + 2] = z / loop.length + pushBack;
}

/**
 * Target positions for the given coefficients and absolute head rotation, into `out`
 * (WARP_VERTEX_COUNT x, y, z). The head turns about the rig's origin exactly as the rig's points do.
 */
export function computeTarget(
  geometry: WarpGeometry,
  coefficients: Float32Array,
  head: HeadRotation,
  out: Float32Array,
): Float32Array {
  const { landmarks, pose, fitProjected, source, scratch } = geometry;
  const editPose: HeadPose = { ...pose, yawDeg: head.yawDeg, pitchDeg: head.pitchDeg, rollDeg: head.rollDeg };
  rigPoints(geometry.neutral, geometry.lidScale, coefficients, scratch.model);
  const edited = projectToImage(scratch.model, editPose, scratch.projected);
  out.set(source);
  for (let j = 0; j < RIG_POINT_COUNT * 3; j++) out[j] = landmarks[j]! + edited[j]! - fitProjected[j]!;
  centroidOf(out, MOUTH_INNER_LOOP, MOUTH_CENTRE_VERTEX, pose.scale * 0.05);

  // The head's rigid motion in image coordinates: X' = M (X - O) + O, M = F R_edit R_fit^T F
  // (F flips y and z between the model's camera frame and the image), O the rig origin's image point.
  const re = eulerDegreesToMatrix(head.yawDeg, head.pitchDeg, head.rollDeg, scratch.rotation);
  const rf = eulerDegreesToMatrix(pose.yawDeg, pose.pitchDeg, pose.rollDeg, scratch.fitRotation);
  const m = rigidImageMatrix(re, rf);
  const ox = pose.tx;
  const oy = pose.ty;
  const oz = pose.tz;
  const move = (x: number, y: number, z: number, axis: number): number => {
    const dx = x - ox;
    const dy = y - oy;
    const dz = z - oz;
    return m[axis * 3]! * dx + m[axis * 3 + 1]! * dy + m[axis * 3 + 2]! * dz + (axis === 0 ? ox : axis === 1 ? oy : oz);
  };
  for (let i = 0; i < N; i++) {
    const s = SILHOUETTE[i]!;
    const lx = landmarks[s * 3]!;
    const ly = landmarks[s * 3 + 1]!;
    const lz = landmarks[s * 3 + 2]!;
    // What the silhouette point does beyond turning with the head: the jaw dropping, cheeks puffing.
    const expressionX = out[s * 3]! - move(lx, ly, lz, 0);
    const expressionY = out[s * 3 + 1]! - move(lx, ly, lz, 1);
    for (let r = 0; r < RING_COUNT; r++) {
      const v = RING_START + r * N + i;
      const x = source[v * 3]!;
      const y = source[v * 3 + 1]!;
      const z = source[v * 3 + 2]!;
      const rigid = geometry.ringRigid[r * N + i]!;
      const expression = geometry.ringExpression[r * N + i]!;
      out[v * 3] = x + rigid * (move(x, y, z, 0) - x) + expression * expressionX;
      out[v * 3 + 1] = y + rigid * (move(x, y, z, 1) - y) + expression * expressionY;
      out[v * 3 + 2] = move(x, y, z, 2);
    }
  }
  return out;
}

function rigidImageMatrix(re: Float64Array, rf: Float64Array): Float64Array {
  const m = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += re[i * 3 + k]! * rf[j * 3 + k]!;
      // F M F with F = diag(1, -1, -1): entries change sign when exactly one of i, j is y or z.
      const sign = (i === 0 ? 1 : -1) * (j === 0 ? 1 : -1);
      m[i * 3 + j] = sign * sum;
    }
  }
  return m;
}

/** Largest expansion of a triangle beyond which the warp visibly smears... */
const MAX_STRETCH = 2.5;
/** ...when it also gains this much area (in face widths squared): slivers along the outline may stretch. */
const VISIBLE_GROWTH = 0.06 ** 2;

/** An edge this many times its photo length, longer by a visible amount (face widths), smears. */
const MAX_EDGE_STRETCH = 1.9;
const VISIBLE_LENGTH = 0.05;

/**
 * True when the target would tear the picture: a band outside the face folds over, or a triangle
 * stretches far beyond its photo size by a visible amount. Face triangles may fold (a turning nose
 * hides a cheek; the depth test draws that correctly), the bands around the face may not.
 */
export function warpTears(geometry: WarpGeometry, target: Float32Array): boolean {
  const { triangles, surfaces, surroundStart } = warpTopology();
  const { source } = geometry;
  const visibleGrowth = VISIBLE_GROWTH * geometry.pose.scale ** 2;
  const visibleLength = VISIBLE_LENGTH * geometry.pose.scale;
  const count = triangles.length / 3;
  for (let t = 0; t < count; t++) {
    // The mouth and eye openings are painted, not stretched: they may grow from nothing.
    if (surfaces[t] !== SURFACE.skin && surfaces[t] !== SURFACE.surround) continue;
    const a = triangles[t * 3]!;
    const b = triangles[t * 3 + 1]!;
    const c = triangles[t * 3 + 2]!;
    const sourceArea = signedArea(source, a, b, c);
    if (Math.abs(sourceArea) < 1e-6) continue;
    const targetArea = signedArea(target, a, b, c);
    const ratio = targetArea / sourceArea;
    if (ratio > MAX_STRETCH && Math.abs(targetArea) - Math.abs(sourceArea) > visibleGrowth) return true;
    if (t >= surroundStart && ratio < 0.05) return true;
    // Stretched one way only (a band widening across the turn): smeared streaks.
    if (edgeStretches(source, target, a, b, visibleLength) || edgeStretches(source, target, b, c, visibleLength))
      return true;
    if (edgeStretches(source, target, c, a, visibleLength)) return true;
  }
  return false;
}

function edgeStretches(source: Float32Array, target: Float32Array, a: number, b: number, visible: number): boolean {
  // Math.sqrt, not Math.hypot: this runs for every edge of every frame, and hypot is many times slower.
  const sx = source[a * 3]! - source[b * 3]!;
  const sy = source[a * 3 + 1]! - source[b * 3 + 1]!;
  const tx = target[a * 3]! - target[b * 3]!;
  const ty = target[a * 3 + 1]! - target[b * 3 + 1]!;
  const before = Math.sqrt(sx * sx + sy * sy);
  const after = Math.sqrt(tx * tx + ty * ty);
  return after > MAX_EDGE_STRETCH * before && after - before > visible;
}

function signedArea(xyz: Float32Array, a: number, b: number, c: number): number {
  const ax = xyz[a * 3]!;
  const ay = xyz[a * 3 + 1]!;
  return ((xyz[b * 3]! - ax) * (xyz[c * 3 + 1]! - ay) - (xyz[c * 3]! - ax) * (xyz[b * 3 + 1]! - ay)) / 2;
}

/** An axis is reported as limited when the rendered angle is at least this far from the asked one. */
const MIN_REPORTED_LIMIT_DEG = 0.5;

/**
 * The target for the asked head rotation, or, where that would tear, for the largest fraction of
 * the turn (from the photo's own pose) that does not; the reduced angles are reported.
 */
export function computeTargetWithinLimits(
  geometry: WarpGeometry,
  coefficients: Float32Array,
  head: HeadRotation,
  out: Float32Array,
): { head: HeadRotation; capped: CappedAngle[] } {
  computeTarget(geometry, coefficients, head, out);
  if (!warpTears(geometry, out)) return { head, capped: [] };
  const { pose } = geometry;
  const at = (fraction: number): HeadRotation => ({
    yawDeg: pose.yawDeg + fraction * (head.yawDeg - pose.yawDeg),
    pitchDeg: pose.pitchDeg + fraction * (head.pitchDeg - pose.pitchDeg),
    rollDeg: pose.rollDeg + fraction * (head.rollDeg - pose.rollDeg),
  });
  let low = 0;
  let high = 1;
  // An expression that stretches the skin this far is not the head's doing: nothing to cap.
  computeTarget(geometry, coefficients, at(0), out);
  if (warpTears(geometry, out)) {
    computeTarget(geometry, coefficients, head, out);
    return { head, capped: [] };
  }
  for (let step = 0; step < 8; step++) {
    const middle = (low + high) / 2;
    computeTarget(geometry, coefficients, at(middle), out);
    if (warpTears(geometry, out)) high = middle;
    else low = middle;
  }
  const used = at(low);
  computeTarget(geometry, coefficients, used, out);
  const capped: CappedAngle[] = [];
  for (const name of ['yawDeg', 'pitchDeg', 'rollDeg'] as const) {
    // The whole turn is scaled, so an axis that barely changes changes a little too; saying "roll 0.4°
    // would tear, rendered 0.5°" for it would only confuse.
    if (Math.abs(used[name] - head[name]) >= MIN_REPORTED_LIMIT_DEG) {
      capped.push({ name, given: head[name], used: used[name] });
    }
  }
  return { head: used, capped };
}
