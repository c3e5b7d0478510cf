import { foldProfiles, regionActivations, WRINKLE_REGION_COUNT } from '../../../../shared/generate';
import { FACE_MESH_TRIANGLES } from '../../../../shared/rig';
import { SURFACE } from './coordinate-map';
import { canonicalXYOnce, DETAIL_RATIO_MAX, DETAIL_RATIO_MIN, trianglesInRegions } from './expression-detail';

/**
 * Skin folds for what the rig adds to the photo's expression (fold-pattern.ts): where an edit
 * smiles, raises or lowers the brows or squints beyond what the photo does, the skin there is
 * shaded by 1 + depth x profile, the depth growing with that region's activation over the photo's
 * (regionActivations). Nothing changes where the edit folds no more than the photo: its own folds
 * are in its pixels already. The expression detail layer replaces this with a real photo's
 * wrinkles where it has one (its alpha takes this share away).
 */

/**
 * Shading depth of each region's fold at full activation (share of the skin's brightness). Crow's
 * feet are left out: they come with age more than with the expression, and on a child's face or a
 * cartoon's smooth skin drawn ones read as scratches beside the eye.
 */
const FOLD_DEPTH = [0.09, 0.11, 0, 0.12] as const;
/**
 * A fold's shadow on skin is warmer than its light (light scattered under the skin comes back
 * red): per channel, how much of the shading red, green and blue take. Grey shadows read as dirt.
 */
const SHADOW_TINT = [0.8, 1, 1.1] as const;

/**
 * Folds shallower than this (share of brightness) are not drawn: invisible, they would only follow
 * the coefficients' frame-to-frame noise in a driven video (and the landmark model notices them).
 */
const MIN_VISIBLE_DEPTH = 0.012;

export interface ExpressionFoldsInput {
  frame: Uint8ClampedArray;
  width: number;
  height: number;
  depthBuffer: Float32Array;
  frameXY: Float32Array;
  depth: Float32Array;
  surfaces: Uint8Array;
  /** The rendered (edited) coefficients and the photo's fitted ones (52, ARKit order). */
  edited: ArrayLike<number>;
  photo: ArrayLike<number>;
  /** 0..1: how much of the folds to draw (1 minus the detail layer's share when it brings a photo's). */
  strength: number;
  /** The face's width in frame pixels (lines are never drawn thinner than about a pixel). */
  faceWidthPixels: number;
  depthTolerance: number;
}

/** How much each region is folded beyond the photo, times its depth (0 where the edit adds nothing). */
export function foldDepths(edited: ArrayLike<number>, photo: ArrayLike<number>, strength: number): Float32Array {
  const wanted = regionActivations(edited);
  const own = regionActivations(photo);
  return Float32Array.from(wanted, (value, k) => {
    const depth = Math.max(0, value - own[k]!) * FOLD_DEPTH[k]! * strength;
    return depth < MIN_VISIBLE_DEPTH ? 0 : depth;
  });
}

/** Shades the frame in place (hand-written triangle walk for the reason expression-detail.ts gives). */
export function applyExpressionFolds(input: ExpressionFoldsInput): void {
  const { frame, width, height, depthBuffer, frameXY, depth, surfaces, depthTolerance } = input;
  const depths = foldDepths(input.edited, input.photo, input.strength);
  if (Math.max(...depths) === 0) return;
  const pixel = 1 / Math.max(1, input.faceWidthPixels);
  // Only the regions this edit folds: a smile leaves the forehead's triangles unvisited.
  let active = 0;
  for (let k = 0; k < WRINKLE_REGION_COUNT; k++) if (depths[k]! > 0) active |= 1 << k;
  const canonical = canonicalXYOnce();
  const reach = trianglesInRegions(canonical);
  const profile = new Float32Array(WRINKLE_REGION_COUNT);
  const visited = new Uint8Array(width * height);
  const count = FACE_MESH_TRIANGLES.length / 3;
  for (let t = 0; t < count; t++) {
    if ((reach[t]! & active) === 0 || surfaces[t] !== SURFACE.skin) continue;
    const a = FACE_MESH_TRIANGLES[t * 3]!;
    const b = FACE_MESH_TRIANGLES[t * 3 + 1]!;
    const c = FACE_MESH_TRIANGLES[t * 3 + 2]!;
    const ax = frameXY[a * 2]!;
    const ay = frameXY[a * 2 + 1]!;
    const bx = frameXY[b * 2]!;
    const by = frameXY[b * 2 + 1]!;
    const cx = frameXY[c * 2]!;
    const cy = frameXY[c * 2 + 1]!;
    const area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (Math.abs(area) < 1e-9) continue;
    const inv = 1 / area;
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const x1 = Math.min(width - 1, Math.ceil(Math.max(ax, bx, cx)));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const y1 = Math.min(height - 1, Math.ceil(Math.max(ay, by, cy)));
    for (let y = y0; y <= y1; y++) {
      const py = y + 0.5;
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5;
        const wa = ((bx - px) * (cy - py) - (cx - px) * (by - py)) * inv;
        const wb = ((cx - px) * (ay - py) - (ax - px) * (cy - py)) * inv;
        const wc = 1 - wa - wb;
        if (wa < 0 || wb < 0 || wc < 0) continue;
        const index = y * width + x;
        if (visited[index]) continue;
        const z = wa * depth[a]! + wb * depth[b]! + wc * depth[c]!;
        if (z > depthBuffer[index]! + depthTolerance) continue;
        visited[index] = 1;
        const fx = wa * canonical[a * 2]! + wb * canonical[b * 2]! + wc * canonical[c * 2]!;
        const fy = wa * canonical[a * 2 + 1]! + wb * canonical[b * 2 + 1]! + wc * canonical[c * 2 + 1]!;
        foldProfiles(fx, fy, pixel, profile, active);
        let shade = 0;
        for (let k = 0; k < WRINKLE_REGION_COUNT; k++) shade += depths[k]! * profile[k]!;
        if (shade === 0) continue;
        const o = index * 4;
        for (let channel = 0; channel < 3; channel++) {
          const ratio = 1 + shade * SHADOW_TINT[channel]!;
          frame[o + channel] =
            frame[o + channel]! *
            (ratio < DETAIL_RATIO_MIN ? DETAIL_RATIO_MIN : ratio > DETAIL_RATIO_MAX ? DETAIL_RATIO_MAX : ratio);
        }
      }
    }
  }
}
