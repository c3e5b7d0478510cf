import { blendshapeIndex, BLENDSHAPE_COUNT, type ArkitBlendshapeName, type HeadRotation } from '../../../../shared/rig';
import { lipColumns, type MouthAxes } from './mouth-axes';
import type { WarpPrepared } from './warp-generator';
import { computeTarget } from './warp-geometry';
import { LOWER_INNER_LIP, UPPER_INNER_LIP, WARP_VERTEX_COUNT } from './warp-topology';

/**
 * How far apart the jaw holds the teeth rows' edges, per column of the edited mouth (frame pixels,
 * MOUTH_LUT_SIZE across u). Teeth belong to the bones, not the lips: the upper row is fixed to the
 * skull, the lower one moves with the jaw. So the gap is measured on the face with only its jaw
 * shapes applied (the lips at rest, where they close over the bite; the jaw where the edit puts
 * it), less the overbite. A smile that parts the lips over a closed jaw shows the two rows meeting
 * (a thin bite line), not two rows hanging from the lips with a dark band between them.
 */
const JAW_SHAPES: readonly ArkitBlendshapeName[] = ['jawOpen', 'jawForward', 'jawLeft', 'jawRight'];
/** The lower incisors' edges sit this far (resting mouth widths) behind and above the upper ones' at rest. */
const OVERBITE = 0.06;

export function teethBite(prepared: WarpPrepared, head: HeadRotation, edited: MouthAxes, scale: number): Float32Array {
  const jawOnly = new Float32Array(BLENDSHAPE_COUNT);
  for (const name of JAW_SHAPES) jawOnly[blendshapeIndex(name)] = prepared.coefficients[blendshapeIndex(name)]!;
  const bones = computeTarget(prepared.geometry, jawOnly, head, new Float32Array(WARP_VERTEX_COUNT * 3));
  const { region } = prepared.geometry;
  const place = { pointScale: scale, ox: region.x, oy: region.y };
  const restWidth = Math.hypot(bones[308 * 3]! - bones[78 * 3]!, bones[308 * 3 + 1]! - bones[78 * 3 + 1]!) * scale;
  const upper = lipColumns(bones, UPPER_INNER_LIP, edited, place);
  const lower = lipColumns(bones, LOWER_INNER_LIP, edited, place);
  const bite = new Float32Array(upper.length);
  for (let k = 0; k < bite.length; k++) bite[k] = Math.max(0, lower[k]! - upper[k]! - OVERBITE * restWidth);
  return bite;
}
