/**
 * Minimum-jerk profile (Flash & Hogan 1985): the path human reaching and facial movements follow
 * between two rest states, s(x) = 10x^3 - 15x^4 + 6x^5. Position 0 and 1 exactly at the ends, with
 * zero velocity and zero acceleration there.
 */
export function minimumJerk(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return x * x * x * (10 + x * (-15 + 6 * x));
}

/** d/dx of minimumJerk. */
export function minimumJerkVelocity(x: number): number {
  if (x <= 0 || x >= 1) return 0;
  return 30 * x * x * (1 - x) * (1 - x);
}

/**
 * Minimum jerk with an overshoot: travels to 1 + overshoot by `peakAt` (a turning point, zero
 * velocity), then settles back to exactly 1, again minimum jerk. Overshoot 0 is plain minimum jerk.
 */
export function minimumJerkWithOvershoot(x: number, overshoot: number, peakAt = 0.78): number {
  if (overshoot === 0) return minimumJerk(x);
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x <= peakAt) return (1 + overshoot) * minimumJerk(x / peakAt);
  return 1 + overshoot * (1 - minimumJerk((x - peakAt) / (1 - peakAt)));
}
