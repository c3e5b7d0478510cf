import { polylineY } from './eye-shading';
import type { PyramidLevel } from './source-pyramid';

/**
 * The colour a closed upper lid takes, column by column across the eye. A closed lid bulges over the
 * eyeball and faces the camera like the skin under the eye, while the photo's skin just above the
 * fold is often the socket's shadow (deep-set eyes): taking the lid's tone from there alone draws
 * a dark patch that reads as an eye still open. So the tone is the mean of the skin above the fold
 * (clear of the crease and the brow) and the skin under the lower lashes, smoothed across columns.
 */
export interface LidTone {
  /** Level x of the first column. */
  x0: number;
  /** r, g, b per column. */
  rgb: Float32Array;
}

/** Rows (shares of the way from the fold to the row above it) whose skin is the upper lid's. */
const UPPER_ROWS = [0.2, 0.8] as const;
/** Rows below the lower lid margin, as shares of the eye's opening (clear of the lower lashes). */
const LOWER_ROWS = [0.35, 1.0] as const;

export function lidTone(
  level: PyramidLevel,
  margin: Float32Array,
  fold: Float32Array,
  above: Float32Array,
  lower: Float32Array,
): LidTone | null {
  const x0 = Math.ceil(margin[0]!);
  const x1 = Math.floor(margin[margin.length - 2]!);
  if (x1 - x0 < 2) return null;
  const columns = x1 - x0 + 1;
  const sums = new Float64Array(columns * 3);
  for (let c = 0; c < columns; c++) {
    const x = x0 + c;
    const top = polylineY(margin, x);
    const bottom = polylineY(lower, x);
    const f = polylineY(fold, x);
    const a = polylineY(above, x);
    const upper =
      Number.isNaN(f) || Number.isNaN(a)
        ? null
        : meanOfRows(level, x, f + (a - f) * UPPER_ROWS[0], f + (a - f) * UPPER_ROWS[1]);
    const opening = Number.isNaN(top) || Number.isNaN(bottom) ? 0 : Math.max(2, bottom - top);
    const under = Number.isNaN(bottom)
      ? null
      : meanOfRows(level, x, bottom + opening * LOWER_ROWS[0], bottom + opening * LOWER_ROWS[1]);
    const parts = [upper, under].filter((p): p is [number, number, number] => p !== null);
    if (parts.length === 0) return null;
    for (let ch = 0; ch < 3; ch++) sums[c * 3 + ch] = parts.reduce((s, p) => s + p[ch]!, 0) / parts.length;
  }
  // Smoothed across a sixth of the eye: the tone is the lid's light, its texture comes from the photo.
  const reach = Math.max(2, Math.round(columns / 6));
  const rgb = new Float32Array(columns * 3);
  for (let c = 0; c < columns; c++) {
    const from = Math.max(0, c - reach);
    const to = Math.min(columns - 1, c + reach);
    for (let ch = 0; ch < 3; ch++) {
      let s = 0;
      for (let k = from; k <= to; k++) s += sums[k * 3 + ch]!;
      rgb[c * 3 + ch] = s / (to - from + 1);
    }
  }
  return { x0, rgb };
}

/** Mean colour of column x between rows y0 and y1 (either order), whole pixels, edges clamped. */
function meanOfRows(level: PyramidLevel, x: number, y0: number, y1: number): [number, number, number] | null {
  const { data, width, height } = level;
  const col = Math.min(width - 1, Math.max(0, Math.floor(x)));
  const from = Math.max(0, Math.floor(Math.min(y0, y1)));
  const to = Math.min(height - 1, Math.ceil(Math.max(y0, y1)));
  if (to < from) return null;
  let [r, g, b] = [0, 0, 0];
  for (let y = from; y <= to; y++) {
    const o = (y * width + col) * 4;
    r += data[o]!;
    g += data[o + 1]!;
    b += data[o + 2]!;
  }
  const n = to - from + 1;
  return [r / n, g / n, b / n];
}
