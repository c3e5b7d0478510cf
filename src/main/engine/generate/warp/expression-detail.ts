import {
  canonicalMeshXY,
  hairProneWeight,
  sampleWrinkleRegions,
  WRINKLE_REGION_COUNT,
  wrinkleRegionGrid,
} from '../../../../shared/generate';
import { FACE_MESH_TRIANGLES } from '../../../../shared/rig';
import { sampleDetail, sampleSkin, type DetailMap } from './detail-map';
import { forEachSkinPixel, type DrawnFace } from './skin-pixels';

/**
 * The expression detail layer (issue 9, "Fine detail"): the expression photo's wrinkles laid over
 * the rendered face as a ratio image. Per pixel of the wrinkle regions (src/shared/generate
 * wrinkle-regions.ts), the frame is multiplied by
 *
 *   ratio = clamp(1 + strength * (source - own), DETAIL_RATIO_MIN, DETAIL_RATIO_MAX)
 *
 * where `source` is the expression photo's detail ratio (detail-map.ts) at the same point of the
 * face, found through the mesh (each frame triangle maps to the same triangle of the source photo's
 * landmarks), and `own` the portrait's detail ratio at the point of the photo the warp drew there.
 * The render already carries `own`, so at strength 1 its band-limited detail becomes the source's:
 * the source's creases appear and the portrait's own fine lines there give way, instead of the two
 * piling up. strength = the layer's alpha x the layer's painted mask (x skin likeness where hair
 * may lie). Each photo's deviation from 1 counts as far as its own expression folds the region
 * (region weight x regionActivations of its fitted coefficients): a source at rest brings none of
 * its freckles and permanent lines, a portrait at rest keeps its own. The same
 * ratio scales red, green and blue, so the luminance changes and the colour (chromaticity) stays.
 * The clamp bounds what a hair strand, a glint or a misplaced landmark can do: creases darken skin
 * by 5-30% (the ridges beside them brighten less), so 0.6..1.15 leaves them whole.
 */
export const DETAIL_RATIO_MIN = 0.6;
export const DETAIL_RATIO_MAX = 1.15;

/** The ratio a pixel is multiplied by (see the file's comment). */
export function detailRatio(strength: number, source: number, own: number): number {
  const ratio = 1 + strength * (source - own);
  return ratio < DETAIL_RATIO_MIN ? DETAIL_RATIO_MIN : ratio > DETAIL_RATIO_MAX ? DETAIL_RATIO_MAX : ratio;
}

/** Multiplies one RGBA pixel's colour (byte offset o) by a ratio; alpha untouched. */
export function applyRatio(frame: Uint8ClampedArray, o: number, ratio: number): void {
  frame[o] = frame[o]! * ratio;
  frame[o + 1] = frame[o + 1]! * ratio;
  frame[o + 2] = frame[o + 2]! * ratio;
}

export interface ExpressionDetailInput extends DrawnFace {
  frame: Uint8ClampedArray;
  /** x, y, z per vertex on the portrait photo and on the expression photo (original pixels of each). */
  ownSource: Float32Array;
  donorSource: Float32Array;
  ownMap: DetailMap;
  donorMap: DetailMap;
  /** The layer's alpha, 0..1. */
  alpha: number;
  /**
   * How much each photo's own expression folds each region (regionActivations of its fitted
   * coefficients, WRINKLE_REGIONS order): the source's detail travels, and the portrait's gives way,
   * only as far as that photo's expression made it.
   */
  sourceActivation: Float32Array;
  ownActivation: Float32Array;
  /** The layer's painted mask over the mesh points (478), or undefined: weight 1. */
  vertexWeights?: Float32Array;
}

let triangleReach: Uint8Array | null = null;

/** A face-mesh triangle's canonical bounding box: [x0, x1, y0, y1]. */
export function canonicalTriangleBounds(canonical: Float32Array, t: number): [number, number, number, number] {
  const xs = [0, 1, 2].map((k) => canonical[FACE_MESH_TRIANGLES[t * 3 + k]! * 2]!);
  const ys = [0, 1, 2].map((k) => canonical[FACE_MESH_TRIANGLES[t * 3 + k]! * 2 + 1]!);
  return [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
}

/**
 * Per face triangle: which wrinkle regions any part of it may lie in (bit k for region k, from the
 * grid's values over the triangle's canonical bounding box; 0: none), so a frame visits only those
 * triangles.
 */
export function trianglesInRegions(canonical: Float32Array): Uint8Array {
  if (triangleReach) return triangleReach;
  const regions = wrinkleRegionGrid();
  const count = FACE_MESH_TRIANGLES.length / 3;
  const out = new Uint8Array(count);
  for (let t = 0; t < count; t++) {
    const [x0, x1, y0, y1] = canonicalTriangleBounds(canonical, t);
    const i0 = Math.floor((x0 - regions.x0) / regions.step);
    const i1 = Math.ceil((x1 - regions.x0) / regions.step);
    const j0 = Math.floor((y0 - regions.y0) / regions.step);
    const j1 = Math.ceil((y1 - regions.y0) / regions.step);
    for (let j = Math.max(0, j0); j <= Math.min(regions.size - 1, j1); j++) {
      for (let i = Math.max(0, i0); i <= Math.min(regions.size - 1, i1); i++) {
        for (let k = 0; k < WRINKLE_REGION_COUNT; k++) {
          if (regions.data[(j * regions.size + i) * WRINKLE_REGION_COUNT + k]! > 0) out[t] = out[t]! | (1 << k);
        }
      }
    }
  }
  triangleReach = out;
  return out;
}

let canonicalXY: Float32Array | null = null;

/** The canonical x, y of the mesh points (computed once). */
export function canonicalXYOnce(): Float32Array {
  canonicalXY ??= canonicalMeshXY();
  return canonicalXY;
}

/**
 * Applies the detail layer to a rendered frame in place: over the face's skin pixels
 * (skin-pixels.ts), each carrying its canonical face position (the region), its place on the
 * portrait and on the expression photo, and the mask weight; sharp does the blurs (detail-map.ts).
 */
export function applyExpressionDetail(input: ExpressionDetailInput): void {
  const { frame, ownSource, donorSource, ownMap, donorMap } = input;
  const { alpha, vertexWeights, sourceActivation, ownActivation } = input;
  if (!(alpha > 0)) return;
  if (Math.max(...sourceActivation, ...ownActivation) === 0) return;
  const inRegions = new Float32Array(WRINKLE_REGION_COUNT);
  const canonical = canonicalXYOnce();
  const reach = trianglesInRegions(canonical);
  const regions = wrinkleRegionGrid();
  const weightOf = (v: number): number =>
    vertexWeights && v < vertexWeights.length ? Math.min(1, Math.max(0, vertexWeights[v]!)) : 1;
  const pick = (t: number): boolean =>
    reach[t] !== 0 &&
    (weightOf(FACE_MESH_TRIANGLES[t * 3]!) > 0 ||
      weightOf(FACE_MESH_TRIANGLES[t * 3 + 1]!) > 0 ||
      weightOf(FACE_MESH_TRIANGLES[t * 3 + 2]!) > 0);
  forEachSkinPixel(input, pick, (index, a, b, c, wa, wb, wc) => {
    const faceY = wa * canonical[a * 2 + 1]! + wb * canonical[b * 2 + 1]! + wc * canonical[c * 2 + 1]!;
    const region = sampleWrinkleRegions(
      regions,
      wa * canonical[a * 2]! + wb * canonical[b * 2]! + wc * canonical[c * 2]!,
      faceY,
      inRegions,
    );
    const weight = alpha * (wa * weightOf(a) + wb * weightOf(b) + wc * weightOf(c));
    if (region <= 0 || weight <= 0) return false;
    // Each photo's detail counts as far as its expression folds the region this pixel is in.
    let sourceShare = 0;
    let ownShare = 0;
    for (let k = 0; k < WRINKLE_REGION_COUNT; k++) {
      sourceShare = Math.max(sourceShare, inRegions[k]! * sourceActivation[k]!);
      ownShare = Math.max(ownShare, inRegions[k]! * ownActivation[k]!);
    }
    if (sourceShare === 0 && ownShare === 0) return false;
    const ox = wa * ownSource[a * 3]! + wb * ownSource[b * 3]! + wc * ownSource[c * 3]!;
    const oy = wa * ownSource[a * 3 + 1]! + wb * ownSource[b * 3 + 1]! + wc * ownSource[c * 3 + 1]!;
    const sx = wa * donorSource[a * 3]! + wb * donorSource[b * 3]! + wc * donorSource[c * 3]!;
    const sy = wa * donorSource[a * 3 + 1]! + wb * donorSource[b * 3 + 1]! + wc * donorSource[c * 3 + 1]!;
    // Where hair may lie, skin on both sides only: a fringe's strands are not wrinkles, and hair
    // on the portrait keeps its own.
    const hair = hairProneWeight(faceY);
    const skin = hair > 0 ? 1 - hair * (1 - sampleSkin(ownMap, ox, oy) * sampleSkin(donorMap, sx, sy)) : 1;
    const strength = weight * skin;
    if (strength > 0) {
      const source = 1 + sourceShare * (sampleDetail(donorMap, sx, sy) - 1);
      const own = 1 + ownShare * (sampleDetail(ownMap, ox, oy) - 1);
      applyRatio(frame, index * 4, detailRatio(strength, source, own));
    }
    return true;
  });
}
