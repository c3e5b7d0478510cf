/**
 * Savitzky-Golay smoothing (least-squares quadratic over a centred window) of evenly sampled
 * values. Chosen over a One Euro filter for stored tracks because the whole clip is known: the
 * centred window adds no lag, and a quadratic keeps the height of short peaks (a quick jaw drop)
 * that a moving average flattens. The landmarks feeding the fit are already One Euro filtered by
 * the tracker; this removes what the per-frame fit adds on top. Written here: it is one formula.
 */

/** Convolution weights of a quadratic (also cubic) fit over 2m+1 points, evaluated at the centre. */
export function savitzkyGolayWeights(halfWindow: number): Float64Array {
  const m = halfWindow;
  const weights = new Float64Array(2 * m + 1);
  const norm = (2 * m + 1) * (4 * m * m + 4 * m - 3);
  for (let i = -m; i <= m; i++) weights[i + m] = (3 * (3 * m * m + 3 * m - 1) - 15 * i * i) / norm;
  return weights;
}

/**
 * Smooths `values` (length n, stride 1) into a new array. Near the ends the window shrinks to the
 * largest centred one that fits (a window of 3 or less is the identity for a quadratic), so the
 * first and last samples are kept as measured rather than extrapolated.
 */
export function smoothSavitzkyGolay(values: ArrayLike<number>, halfWindow = 2): Float64Array {
  const n = values.length;
  const out = Float64Array.from(values);
  const weightsBySize = new Map<number, Float64Array>();
  for (let t = 0; t < n; t++) {
    const m = Math.min(halfWindow, t, n - 1 - t);
    if (m < 2) continue;
    let weights = weightsBySize.get(m);
    if (!weights) weightsBySize.set(m, (weights = savitzkyGolayWeights(m)));
    let sum = 0;
    for (let i = -m; i <= m; i++) sum += weights[i + m]! * values[t + i]!;
    out[t] = sum;
  }
  return out;
}
