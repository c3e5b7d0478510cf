import { evaluateSegment } from './evaluate';
import { makeKeyframe, type Keyframe } from './keyframe';

/**
 * Key reduction: turns a dense channel sampled every frame (a driving video's track) into few
 * bezier keys whose curve stays within `tolerance` of every sample.
 *
 * Two searches, the result with fewer keys kept: top-down like Ramer–Douglas–Peucker, and forward
 * greedy (longest segment that fits). Either way each candidate segment is the real bezier the
 * evaluator will draw, not a straight line: a key's tangent is the samples' local slope (least squares over a
 * few neighbours, so tracking noise does not tilt it), the two handle lengths are chosen from a few
 * candidates by smallest maximum error, and a segment still off by more than the tolerance is split
 * at its worst sample (or, greedily, ended sooner). Both end (a segment between neighbouring samples
 * has zero error at its samples), so the bound holds for every sample by construction.
 */
export interface ReduceOptions {
  /** Largest allowed |curve - sample| at any sample, in the channel's units. */
  tolerance: number;
  /** Samples either side used to estimate a key's tangent. */
  tangentRadius?: number;
}

const HANDLE_LENGTHS = [0.2, 1 / 3, 0.45];

export function reduceKeys(times: ArrayLike<number>, values: ArrayLike<number>, options: ReduceOptions): Keyframe[] {
  const n = values.length;
  if (times.length !== n) throw new Error(`reduceKeys: ${times.length} times but ${n} values.`);
  if (n === 0) return [];
  if (!(options.tolerance >= 0)) throw new Error('reduceKeys: the tolerance must be a number >= 0.');
  for (let i = 1; i < n; i++) {
    if (!(times[i]! > times[i - 1]!)) throw new Error(`reduceKeys: times must increase (index ${i}).`);
  }
  if (n === 1) return [makeKeyframe(times[0]!, values[0]!)];
  const radius = options.tangentRadius ?? 2;
  const slopes = Array.from({ length: n }, (_, i) => localSlope(times, values, i, radius));

  const fits = (i: number, j: number) => fitSegment(times, values, slopes, i, j);
  const topDown = splitTopDown(n, options.tolerance, fits);
  const greedy = extendGreedily(n, options.tolerance, fits);
  const { keyIndices, fitted } = greedy.keyIndices.length < topDown.keyIndices.length ? greedy : topDown;

  const sorted = keyIndices;
  const keys = sorted.map((index) => makeKeyframe(times[index]!, values[index]!));
  for (let k = 0; k < keys.length - 1; k++) {
    const handles = fitted.get(sorted[k]!)!;
    keys[k]!.handles[2] = handles[2];
    keys[k]!.handles[3] = handles[3];
    keys[k + 1]!.handles[0] = handles[0];
    keys[k + 1]!.handles[1] = handles[1];
  }
  return keys;
}

interface Reduction {
  /** Sample indices that become keys, ascending. */
  keyIndices: number[];
  /** Segment start index -> [end lx, end ly, start rx, start ry]. */
  fitted: Map<number, Keyframe['handles']>;
}

type Fit = (i: number, j: number) => SegmentFit;
const handlesOf = (fit: SegmentFit): Keyframe['handles'] => [fit.lx, fit.ly, fit.rx, fit.ry];

/** Ramer–Douglas–Peucker style: split the worst segment at its worst sample until all fit. */
function splitTopDown(n: number, tolerance: number, fits: Fit): Reduction {
  const keyIndices = new Set<number>([0, n - 1]);
  const stack: Array<[number, number]> = [[0, n - 1]];
  const fitted = new Map<number, Keyframe['handles']>();
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const fit = fits(i, j);
    if (fit.maxError <= tolerance || j - i <= 1) {
      fitted.set(i, handlesOf(fit));
      continue;
    }
    keyIndices.add(fit.worst);
    stack.push([i, fit.worst], [fit.worst, j]);
  }
  return { keyIndices: [...keyIndices].sort((a, b) => a - b), fitted };
}

/**
 * Forward greedy: from each key, the longest segment that fits (doubling, then bisecting between
 * the last length that fit and the first that did not). Often fewer keys than top-down on long
 * smooth stretches; reduceKeys keeps whichever of the two has fewer.
 */
function extendGreedily(n: number, tolerance: number, fits: Fit): Reduction {
  const keyIndices = [0];
  const fitted = new Map<number, Keyframe['handles']>();
  let i = 0;
  while (i < n - 1) {
    let good = i + 1;
    let goodFit = fits(i, good);
    let bad = -1;
    for (let length = 2; ; length *= 2) {
      const j = Math.min(n - 1, i + length);
      const fit = fits(i, j);
      if (fit.maxError > tolerance) {
        bad = j;
        break;
      }
      good = j;
      goodFit = fit;
      if (j === n - 1) break;
    }
    while (bad > good + 1) {
      const mid = (good + bad) >> 1;
      const fit = fits(i, mid);
      if (fit.maxError <= tolerance) {
        good = mid;
        goodFit = fit;
      } else {
        bad = mid;
      }
    }
    fitted.set(i, handlesOf(goodFit));
    keyIndices.push(good);
    i = good;
  }
  return { keyIndices, fitted };
}

/** Largest |curve - sample| of a key list over the samples (the reduction's error). */
export function maxReductionError(
  keys: readonly Keyframe[],
  times: ArrayLike<number>,
  values: ArrayLike<number>,
): number {
  let worst = 0;
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const t = times[i]!;
    while (k < keys.length - 2 && keys[k + 1]!.time <= t) k++;
    const value = keys.length === 1 ? keys[0]!.value : evaluateSegment(keys[k]!, keys[k + 1]!, t);
    worst = Math.max(worst, Math.abs(value - values[i]!));
  }
  return worst;
}

function localSlope(times: ArrayLike<number>, values: ArrayLike<number>, i: number, radius: number): number {
  const from = Math.max(0, i - radius);
  const to = Math.min(values.length - 1, i + radius);
  let st = 0;
  let sv = 0;
  for (let k = from; k <= to; k++) {
    st += times[k]!;
    sv += values[k]!;
  }
  const count = to - from + 1;
  const mt = st / count;
  const mv = sv / count;
  let num = 0;
  let den = 0;
  for (let k = from; k <= to; k++) {
    num += (times[k]! - mt) * (values[k]! - mv);
    den += (times[k]! - mt) ** 2;
  }
  return den > 0 ? num / den : 0;
}

interface SegmentFit {
  rx: number;
  ry: number;
  lx: number;
  ly: number;
  maxError: number;
  worst: number;
}

function fitSegment(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  slopes: readonly number[],
  i: number,
  j: number,
): SegmentFit {
  const t0 = times[i]!;
  const t1 = times[j]!;
  const v0 = values[i]!;
  const v1 = values[j]!;
  const span = t1 - t0;
  const change = v1 - v0;
  // Handle y from a value slope: slope = change / span * (dy / dx). A flat segment (no change)
  // cannot bend (the bezier scales the change), so its handles lie flat and a bump forces a split.
  const yFor = (slope: number, dx: number) => (change === 0 ? 0 : (slope * span * dx) / change);
  let best: SegmentFit = { rx: 1 / 3, ry: 0, lx: 2 / 3, ly: 1, maxError: Infinity, worst: i };
  const a = makeKeyframe(t0, v0);
  const b = makeKeyframe(t1, v1);
  for (const leave of HANDLE_LENGTHS) {
    for (const arrive of HANDLE_LENGTHS) {
      a.handles[2] = leave;
      a.handles[3] = yFor(slopes[i]!, leave);
      b.handles[0] = 1 - arrive;
      b.handles[1] = 1 - yFor(slopes[j]!, arrive);
      let maxError = 0;
      let worst = i;
      for (let k = i + 1; k < j; k++) {
        const error = Math.abs(evaluateSegment(a, b, times[k]!) - values[k]!);
        if (error > maxError) {
          maxError = error;
          worst = k;
        }
      }
      if (maxError < best.maxError) {
        best = { rx: a.handles[2], ry: a.handles[3], lx: b.handles[0], ly: b.handles[1], maxError, worst };
      }
    }
  }
  if (best.worst === i) best.worst = (i + j) >> 1;
  return best;
}
