/**
 * One Euro filter (Casiez, Roussel, Vogel, CHI 2012) over a vector of values sharing one clock:
 * strong smoothing when the values move slowly (jitter), little lag when they move fast. Written
 * here because it is 40 lines and the npm ports filter one scalar per object, which for 1434
 * landmark coordinates per frame means 1434 objects and as many closures.
 */
export interface OneEuroParams {
  /** Cutoff frequency (Hz) at rest: lower smooths more. */
  minCutoff: number;
  /** How fast the cutoff rises with speed (per value-unit per second): higher lags less. */
  beta: number;
  /** Cutoff for the speed estimate itself (Hz). */
  derivativeCutoff: number;
}

const alpha = (cutoff: number, dt: number): number => {
  const tau = 1 / (2 * Math.PI * cutoff);
  return 1 / (1 + tau / dt);
};

export class OneEuroVectorFilter {
  private previous: Float64Array | null = null;
  private previousSpeed: Float64Array | null = null;
  private previousTime = 0;

  constructor(private readonly params: OneEuroParams) {}

  reset(): void {
    this.previous = null;
    this.previousSpeed = null;
  }

  /**
   * Filters `values` observed at `timeSeconds`. `scale` divides the values before the speed test
   * (the face size for landmarks), so the same parameters suit big and small faces.
   */
  filter(values: ArrayLike<number>, timeSeconds: number, scale = 1): Float64Array {
    const n = values.length;
    if (!this.previous || this.previous.length !== n || timeSeconds <= this.previousTime) {
      this.previous = Float64Array.from(values);
      this.previousSpeed = new Float64Array(n);
      this.previousTime = timeSeconds;
      return Float64Array.from(this.previous);
    }
    const dt = timeSeconds - this.previousTime;
    const { minCutoff, beta, derivativeCutoff } = this.params;
    const aSpeed = alpha(derivativeCutoff, dt);
    const previous = this.previous;
    const speeds = this.previousSpeed!;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const value = values[i]!;
      const rawSpeed = (value - previous[i]!) / dt / scale;
      const speed = speeds[i]! + aSpeed * (rawSpeed - speeds[i]!);
      const cutoff = minCutoff + beta * Math.abs(speed);
      const smoothed = previous[i]! + alpha(cutoff, dt) * (value - previous[i]!);
      speeds[i] = speed;
      out[i] = smoothed;
    }
    this.previous = Float64Array.from(out);
    this.previousTime = timeSeconds;
    return out;
  }
}
