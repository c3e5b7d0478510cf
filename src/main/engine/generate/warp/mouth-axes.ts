import { MOUTH_LUT_SIZE } from './mouth-interior';

/** A mouth's frame: the right corner (pixels), the unit axis to the left corner and the width. */
export interface MouthAxes {
  rx: number;
  ry: number;
  axisX: number;
  axisY: number;
  width: number;
}

/**
 * A line through `indices` of `points` (scaled by pointScale from (ox, oy)) as v (pixels down from
 * the corners' line of `axes`) per column, MOUTH_LUT_SIZE columns across u in [0, 1].
 */
export function lipColumns(
  points: ArrayLike<number>,
  indices: readonly number[],
  axes: MouthAxes,
  place: { pointScale: number; ox: number; oy: number },
): Float32Array {
  const { rx, ry, axisX, axisY, width } = axes;
  const uv = indices.map((i) => {
    const px = (points[i * 3]! - place.ox) * place.pointScale - rx;
    const py = (points[i * 3 + 1]! - place.oy) * place.pointScale - ry;
    return [(px * axisX + py * axisY) / width, -px * axisY + py * axisX] as const;
  });
  uv.sort((a, b) => a[0] - b[0]);
  const out = new Float32Array(MOUTH_LUT_SIZE);
  for (let k = 0; k < MOUTH_LUT_SIZE; k++) {
    const u = k / (MOUTH_LUT_SIZE - 1);
    let j = 1;
    while (j < uv.length - 1 && uv[j]![0] < u) j++;
    const [u0, v0] = uv[j - 1]!;
    const [u1, v1] = uv[j]!;
    const t = u1 > u0 ? Math.min(1, Math.max(0, (u - u0) / (u1 - u0))) : 0;
    out[k] = v0 + t * (v1 - v0);
  }
  return out;
}
