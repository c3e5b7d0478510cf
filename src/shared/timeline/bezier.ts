/**
 * Normalised cubic bezier easing (CSS cubic-bezier semantics): the curve from (0,0) to (1,1) with
 * control points (x1,y1), (x2,y2); ease(x) finds the curve parameter s where X(s) = x and returns
 * Y(s). Written here rather than taken from a library because the evaluator must be identical in
 * the renderer and the engine, allocation-free, and allow y outside [0,1] (overshoot).
 *
 * Solving X(s) = x: Newton's method from s = x (fast, a few steps on ordinary curves), and when the
 * slope is tiny or Newton leaves [0,1] or fails to converge, bisection, which always converges
 * because X is monotonic for x handles in [0,1].
 */

const NEWTON_ITERATIONS = 8;
const EPSILON = 1e-9;
const BISECTION_LIMIT = 64;

// Polynomial coefficients of B(s) = ((a s + b) s + c) s for control values p1, p2.
const coefA = (p1: number, p2: number) => 1 - 3 * p2 + 3 * p1;
const coefB = (p1: number, p2: number) => 3 * p2 - 6 * p1;
const coefC = (p1: number) => 3 * p1;

export function bezierAt(s: number, p1: number, p2: number): number {
  return ((coefA(p1, p2) * s + coefB(p1, p2)) * s + coefC(p1)) * s;
}

export function bezierSlopeAt(s: number, p1: number, p2: number): number {
  return 3 * coefA(p1, p2) * s * s + 2 * coefB(p1, p2) * s + coefC(p1);
}

/** The curve parameter s in [0,1] where X(s) = x (x handles must lie in [0,1]). */
export function solveBezierX(x: number, x1: number, x2: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  let s = x;
  for (let i = 0; i < NEWTON_ITERATIONS; i++) {
    const error = bezierAt(s, x1, x2) - x;
    if (Math.abs(error) < EPSILON) return s;
    const slope = bezierSlopeAt(s, x1, x2);
    if (Math.abs(slope) < 1e-6) break;
    const next = s - error / slope;
    if (next < 0 || next > 1) break;
    s = next;
  }
  let lo = 0;
  let hi = 1;
  s = x;
  for (let i = 0; i < BISECTION_LIMIT; i++) {
    const value = bezierAt(s, x1, x2);
    if (Math.abs(value - x) < EPSILON) return s;
    if (value < x) lo = s;
    else hi = s;
    s = (lo + hi) / 2;
  }
  return s;
}

/** Eased progress for x in [0,1]; exactly 0 at 0 and 1 at 1. */
export function cubicBezierEase(x: number, x1: number, y1: number, x2: number, y2: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // Straight diagonal handles: skip the solve (and its 1e-9 error) so linear keys are exact.
  if (x1 === y1 && x2 === y2) return x;
  return bezierAt(solveBezierX(x, clamp01(x1), clamp01(x2)), y1, y2);
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
