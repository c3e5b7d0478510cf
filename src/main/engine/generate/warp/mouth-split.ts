import { sampleRgba } from '../compositing';
import type { RgbaFrame } from '../generator';
import { mouthFrame } from './feature-shading';
import { MOUTH_LUT_SIZE } from './mouth-interior';
import { luma, type PhotoColours } from './photo-colours';

/**
 * Where the photo's mouth interior parts when the jaw opens, per column: the share of its opening
 * (from the upper inner lip down) that stays with the upper lip; the rest goes down with the jaw.
 *
 * Teeth do not split: the upper teeth are the run of tooth-coloured pixels hanging from the upper
 * lip, and they stay with it whole. Where that run reaches the lower lip (a smile showing the upper
 * teeth only, the lower lip against their edges) the whole interior goes with the upper lip; where
 * it ends above a darker gap or row boundary, the split is at its end. A fixed share would cut the
 * upper incisors across and carry their tips down on the lower lip as a second, fake row of teeth.
 * Without teeth in the photo (a dark opening, a tongue) the fixed share stays: nothing there has
 * an edge to keep.
 */
export const DEFAULT_UPPER_SHARE = 0.6;

/** Sampling step along a column (original pixels). */
const STEP = 0.5;
/** A tooth pixel: at least this share of the photo's mean tooth brightness, and unsaturated. */
const TOOTH_BRIGHTNESS = 0.8;
const TOOTH_SATURATION = 0.35;
/** Lip and shadow under the upper inner lip before the upper teeth start, at most (share of the opening). */
const LIP_SHADOW = 0.5;
/** A run of teeth ending this close to the lower lip reaches it. */
const REACHES_LOWER_LIP = 0.85;

export function photoMouthSplit(image: RgbaFrame, landmarks: Float32Array, colours: PhotoColours): Float32Array {
  const shares = new Float32Array(MOUTH_LUT_SIZE).fill(DEFAULT_UPPER_SHARE);
  if (!colours.teethFromPhoto) return shares;
  const frame = mouthFrame(landmarks, 1, 0, 0);
  const teethLuma = luma(colours.teeth);
  const texel = new Float32Array(4);
  const isTooth = (u: number, v: number): boolean => {
    const pu = u * frame.width;
    sampleRgba(
      image,
      frame.rx + pu * frame.axisX - v * frame.axisY,
      frame.ry + pu * frame.axisY + v * frame.axisX,
      texel,
    );
    const max = Math.max(texel[0]!, texel[1]!, texel[2]!);
    const min = Math.min(texel[0]!, texel[1]!, texel[2]!);
    return (
      luma([texel[0]!, texel[1]!, texel[2]!]) >= TOOTH_BRIGHTNESS * teethLuma && max - min < TOOTH_SATURATION * max
    );
  };
  const measured = new Float32Array(MOUTH_LUT_SIZE).fill(NaN);
  for (let k = 0; k < MOUTH_LUT_SIZE; k++) {
    const u = k / (MOUTH_LUT_SIZE - 1);
    const top = frame.upper[k]!;
    const gap = frame.lower[k]! - top;
    if (gap < 2) continue;
    let v = 0;
    while (v <= LIP_SHADOW * gap && !isTooth(u, top + v)) v += STEP;
    if (v > LIP_SHADOW * gap) continue;
    // The run of teeth, bridging one sample's dip (a seam, a highlight's edge).
    while (v + STEP <= gap && (isTooth(u, top + v + STEP) || (v + 2 * STEP <= gap && isTooth(u, top + v + 2 * STEP)))) {
      v += STEP;
    }
    const end = v + STEP / 2;
    measured[k] = end >= REACHES_LOWER_LIP * gap ? 1 : Math.max(DEFAULT_UPPER_SHARE / 2, end / gap);
  }
  // Smoothed across neighbouring columns (a ragged cut would show as a jagged row), measured ones only.
  for (let k = 0; k < MOUTH_LUT_SIZE; k++) {
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, k - 2); j <= Math.min(MOUTH_LUT_SIZE - 1, k + 2); j++) {
      if (Number.isNaN(measured[j]!)) continue;
      sum += measured[j]!;
      count++;
    }
    if (count > 0) shares[k] = sum / count;
  }
  return shares;
}
