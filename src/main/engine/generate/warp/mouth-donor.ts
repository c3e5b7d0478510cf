import { luma, type Rgb } from './photo-colours';
import { sampleBilinear, type PyramidLevel } from './source-pyramid';

/**
 * The expression source's own mouth interior (issue 9: "its teeth and tongue, aligned to the
 * target lips and colour-matched"): when the expression source is a photo whose mouth is open, the
 * gap the edit opens is filled from between that photo's inner lips instead of being painted. Each
 * column of the target gap maps to the same column (u across from the right corner) of the
 * source's gap, stretched from its upper inner lip to its lower one, so its teeth hang from the
 * target's upper lip and its tongue lies on the target's lower lip; its colours are scaled by the
 * portrait's lip tone over the source's, so another photo's light and white balance do not show.
 */
export interface MouthDonor {
  /** How much of the source's interior replaces the painted one (the mouth layer's alpha x how open it is). */
  strength: number;
  level: PyramidLevel;
  /** The source's mouth frame in `level` pixels: right corner, unit axis to the left corner, width. */
  originX: number;
  originY: number;
  axisX: number;
  axisY: number;
  width: number;
  /** Per column (MOUTH_LUT_SIZE across u): the source's inner lips, v in `level` pixels. */
  upper: Float32Array;
  lower: Float32Array;
  /** Per channel: the portrait's light over the source's (see lipGain). */
  gain: Rgb;
  /** Source level pixels per target frame pixel at the mouth (the ratio of their mouth widths). */
  perTargetPixel: number;
}

/** Source openings (inner-lip gap / mouth width, middle of the mouth) from shut to clearly open. */
export const DONOR_OPEN_FROM = 0.04;
export const DONOR_OPEN_FULL = 0.1;
/** Colour matching never scales a channel beyond this (a bad lip estimate must not make it garish). */
const MAX_GAIN = 1.6;

/** How open a mouth is: its mean inner-lip gap over the middle third of its width, in mouth widths. */
export function mouthOpening(upper: Float32Array, lower: Float32Array, width: number): number {
  const from = Math.round(upper.length / 3);
  const to = Math.round((2 * upper.length) / 3);
  let sum = 0;
  for (let k = from; k < to; k++) sum += Math.max(0, lower[k]! - upper[k]!);
  return sum / Math.max(1, to - from) / Math.max(1e-3, width);
}

/** How much of the lips' colour difference (besides their brightness) colour matching takes over. */
const CHROMA_SHARE = 0.3;

/**
 * Per-channel gain taking the source's light to the portrait's, measured on their lips: their
 * brightness ratio, and only a share of their per-channel difference (lips differ in colour from
 * person to person; carried over in full it would tint the teeth).
 */
export function lipGain(portrait: Rgb, source: Rgb): Rgb {
  const light = (luma(portrait) + 1) / (luma(source) + 1);
  const gain = (c: 0 | 1 | 2) => {
    const chroma = (portrait[c] + 1) / (source[c] + 1) / light;
    return Math.min(MAX_GAIN, Math.max(1 / MAX_GAIN, light * chroma ** CHROMA_SHARE));
  };
  return [gain(0), gain(1), gain(2)];
}

const donorPixel = new Uint8ClampedArray(4);
/** Of the source's own opening, the share that hangs from the upper lip (its upper teeth); the rest sits on the lower lip. */
const UPPER_SHARE = 0.6;

/**
 * The source's interior for a target pixel: column `i0`..`i1` at `t` (the mouth LUT position of
 * its u), `fromTop` and `gap` in target frame pixels, `perTargetPixel` source level pixels per
 * target pixel at the mouth's scale. Where the target opens wider than the source, the source's
 * upper part stays on the upper lip and its lower part on the lower lip at their own size (teeth
 * are not stretched), and the middle between them is left to the painted cavity: the returned
 * cover is 0 there. Writes the colour-matched colour into out[0..2] and returns its cover (0..1).
 */
export function sampleDonor(
  donor: MouthDonor,
  u: number,
  i0: number,
  i1: number,
  t: number,
  fromTop: number,
  gap: number,
  out: Float64Array,
): number {
  const top = donor.upper[i0]! * (1 - t) + donor.upper[i1]! * t;
  const bottom = donor.lower[i0]! * (1 - t) + donor.lower[i1]! * t;
  const sourceGap = Math.max(0, bottom - top);
  const inTarget = sourceGap / donor.perTargetPixel;
  let v: number;
  let cover = 1;
  if (gap <= inTarget) {
    // The target opens less than the source: its whole interior, squeezed between the lips.
    v = top + (Math.min(gap, Math.max(0, fromTop)) / Math.max(0.5, gap)) * sourceGap;
  } else {
    const keptTop = inTarget * UPPER_SHARE;
    const fromBottom = gap - fromTop;
    const keptBottom = inTarget - keptTop;
    if (fromTop <= keptTop) v = top + Math.max(0, fromTop) * donor.perTargetPixel;
    else if (fromBottom <= keptBottom) v = bottom - Math.max(0, fromBottom) * donor.perTargetPixel;
    else {
      // Between them: fade out over a pixel or two from the nearer part.
      const beyond = Math.min(fromTop - keptTop, fromBottom - keptBottom);
      cover = Math.max(0, 1 - beyond / 1.5);
      if (cover === 0) return 0;
      v =
        fromTop - keptTop < fromBottom - keptBottom
          ? top + keptTop * donor.perTargetPixel
          : bottom - keptBottom * donor.perTargetPixel;
    }
  }
  const along = u * donor.width;
  sampleBilinear(
    donor.level,
    donor.originX + along * donor.axisX - v * donor.axisY,
    donor.originY + along * donor.axisY + v * donor.axisX,
    donorPixel,
    0,
  );
  out[0] = Math.min(255, donorPixel[0]! * donor.gain[0]);
  out[1] = Math.min(255, donorPixel[1]! * donor.gain[1]);
  out[2] = Math.min(255, donorPixel[2]! * donor.gain[2]);
  return cover;
}
