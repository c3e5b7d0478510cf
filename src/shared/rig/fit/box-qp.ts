/**
 * Bounded quadratic programme  min 1/2 x^T G x - b^T x  subject to lower <= x <= upper,
 * with G symmetric positive definite (n x n, row-major), by projected Gauss-Seidel (cyclic
 * coordinate descent with clamping). Each coordinate step is exact for that coordinate, so the
 * objective never increases and the iterate always satisfies the bounds; with a warm start from
 * the previous frame a few sweeps suffice. Allocation-free: `gradient` is caller scratch (n).
 * Hand-written because the problem is tiny (n <= ~70) and is solved thousands of times a second.
 */
export function solveBoxQp(
  n: number,
  G: Float64Array,
  b: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  x: Float64Array,
  gradient: Float64Array,
  maxSweeps: number,
  tolerance = 1e-9,
): number {
  // gradient = G x - b
  for (let i = 0; i < n; i++) {
    let s = -b[i]!;
    const row = i * n;
    for (let j = 0; j < n; j++) s += G[row + j]! * x[j]!;
    gradient[i] = s;
  }
  let sweep = 0;
  for (; sweep < maxSweeps; sweep++) {
    let largestStep = 0;
    for (let k = 0; k < n; k++) {
      const old = x[k]!;
      let next = old - gradient[k]! / G[k * n + k]!;
      if (next < lower[k]!) next = lower[k]!;
      else if (next > upper[k]!) next = upper[k]!;
      const step = next - old;
      if (step === 0) continue;
      x[k] = next;
      // G is symmetric: column k is row k.
      const row = k * n;
      for (let j = 0; j < n; j++) gradient[j] = gradient[j]! + step * G[row + j]!;
      const size = step < 0 ? -step : step;
      if (size > largestStep) largestStep = size;
    }
    if (largestStep < tolerance) {
      sweep++;
      break;
    }
  }
  return sweep;
}
