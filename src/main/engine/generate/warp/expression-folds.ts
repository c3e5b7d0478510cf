import {
  foldGrid,
  foldRegionsIn,
  regionActivations,
  sampleFoldGrid,
  WRINKLE_REGION_COUNT,
  type FoldGrid,
} from '../../../../shared/generate';
import { FACE_MESH_TRIANGLES } from '../../../../shared/rig';
import { DETAIL_RATIO_MAX, DETAIL_RATIO_MIN, canonicalTriangleBounds, canonicalXYOnce } from './expression-detail';
import { forEachSkinPixel, type DrawnFace } from './skin-pixels';

/**
 * Skin folds for what the rig adds to the photo's expression (fold-pattern.ts): where an edit
 * smiles, raises or lowers the brows beyond what the photo does, the skin there is shaded by
 * 1 + depth x profile, the depth growing with that region's activation over the photo's
 * (regionActivations). Nothing changes where the edit folds no more than the photo: its own folds
 * are in its pixels already. Each fold follows the layer that makes it (smile lines the mouth
 * layer's painted mask, forehead and frown lines the brows layer's), and the expression detail
 * layer, where it brings a real photo's wrinkles, takes its share away (its alpha times its mask).
 */

/**
 * Shading depth of each region's fold at full activation (share of the skin's brightness). Crow's
 * feet are left out: they come with age more than with the expression, and on a child's face or a
 * cartoon's smooth skin drawn ones read as scratches beside the eye.
 */
const FOLD_DEPTH = [0.1, 0.12, 0, 0.13] as const;
/**
 * Depth taken off every fold (share of brightness): shallower ones are not drawn, and deeper ones
 * start from nothing rather than jumping in, so the coefficients' frame-to-frame noise in a driven
 * video neither draws faint lines nor flickers them (two frames of 0.5% forehead lines moved the
 * landmark model's reading of a retargeted jaw enough to drop its correlation 0.918 -> 0.897).
 */
const MIN_VISIBLE_DEPTH = 0.012;
/**
 * A fold's shadow on skin is warmer than its light (light scattered under the skin comes back
 * red): per channel, how much of the shading red, green and blue take. Grey shadows read as dirt.
 */
const SHADOW_TINT = [0.8, 1, 1.1] as const;
/** The rig layer whose painted mask each region's fold follows (WRINKLE_REGIONS order). */
const REGION_LAYER = ['brows', 'brows', 'eyes', 'mouth'] as const;

export interface ExpressionFoldsInput extends DrawnFace {
  frame: Uint8ClampedArray;
  /** The rendered (edited) coefficients and the photo's fitted ones (52, ARKit order). */
  edited: ArrayLike<number>;
  photo: ArrayLike<number>;
  /** The face's width in frame pixels (lines are never drawn thinner than about a pixel). */
  faceWidthPixels: number;
  /** Per-layer painted masks over the mesh points (the generator's layerVertexWeights), if any. */
  layerVertexWeights?: Readonly<Record<string, Float32Array>>;
  /** The expression detail layer's alpha where it brings a photo's wrinkles (0: it brings none). */
  detailAlpha: number;
  detailLayerId: string;
}

/** How deep each region's fold is drawn: its activation beyond the photo's, times its depth, less the floor. */
export function foldDepths(edited: ArrayLike<number>, photo: ArrayLike<number>): Float32Array {
  const wanted = regionActivations(edited);
  const own = regionActivations(photo);
  return Float32Array.from(wanted, (value, k) =>
    Math.max(0, Math.max(0, value - own[k]!) * FOLD_DEPTH[k]! - MIN_VISIBLE_DEPTH),
  );
}

const reachByGrid = new Map<FoldGrid, Uint8Array>();

/** Per face triangle, which regions' fold lines reach it (bit k), for one grid. */
function foldReach(grid: FoldGrid): Uint8Array {
  const cached = reachByGrid.get(grid);
  if (cached) return cached;
  const canonical = canonicalXYOnce();
  const count = FACE_MESH_TRIANGLES.length / 3;
  const reach = new Uint8Array(count);
  for (let t = 0; t < count; t++) reach[t] = foldRegionsIn(grid, ...canonicalTriangleBounds(canonical, t));
  reachByGrid.set(grid, reach);
  return reach;
}

/** Shades the frame's skin in place. */
export function applyExpressionFolds(input: ExpressionFoldsInput): void {
  const { frame, layerVertexWeights } = input;
  const depths = foldDepths(input.edited, input.photo);
  let active = 0;
  for (let k = 0; k < WRINKLE_REGION_COUNT; k++) if (depths[k]! > 0) active |= 1 << k;
  if (active === 0) return;
  const grid = foldGrid(input.faceWidthPixels);
  const reach = foldReach(grid);
  const canonical = canonicalXYOnce();
  const profile = new Float32Array(WRINKLE_REGION_COUNT);
  const masks = REGION_LAYER.map((layer) => layerVertexWeights?.[layer]);
  const detailMask = layerVertexWeights?.[input.detailLayerId];
  const at = (
    weights: Float32Array | undefined,
    a: number,
    b: number,
    c: number,
    wa: number,
    wb: number,
    wc: number,
  ) =>
    weights ? Math.min(1, Math.max(0, wa * (weights[a] ?? 1) + wb * (weights[b] ?? 1) + wc * (weights[c] ?? 1))) : 1;
  forEachSkinPixel(
    input,
    (t) => (reach[t]! & active) !== 0,
    (index, a, b, c, wa, wb, wc) => {
      const fx = wa * canonical[a * 2]! + wb * canonical[b * 2]! + wc * canonical[c * 2]!;
      const fy = wa * canonical[a * 2 + 1]! + wb * canonical[b * 2 + 1]! + wc * canonical[c * 2 + 1]!;
      if (!sampleFoldGrid(grid, fx, fy, profile, active)) return true;
      let shade = 0;
      for (let k = 0; k < WRINKLE_REGION_COUNT; k++) {
        if (depths[k]! > 0 && profile[k] !== 0) {
          shade += depths[k]! * profile[k]! * (masks[k] ? at(masks[k], a, b, c, wa, wb, wc) : 1);
        }
      }
      if (shade === 0) return true;
      if (input.detailAlpha > 0) shade *= 1 - input.detailAlpha * at(detailMask, a, b, c, wa, wb, wc);
      const o = index * 4;
      for (let channel = 0; channel < 3; channel++) {
        const ratio = 1 + shade * SHADOW_TINT[channel]!;
        frame[o + channel] =
          frame[o + channel]! *
          (ratio < DETAIL_RATIO_MIN ? DETAIL_RATIO_MIN : ratio > DETAIL_RATIO_MAX ? DETAIL_RATIO_MAX : ratio);
      }
      return true;
    },
  );
}
