export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** 0..1: share of each delay that is randomised, so many tabs do not reconnect in lockstep. */
  jitter?: number;
  random?: () => number;
}

/** Exponential back-off: initial, 2x, 4x ... capped at maxMs; reset after a successful connect. */
export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 250;
    this.maxMs = options.maxMs ?? 5000;
    this.jitter = Math.min(1, Math.max(0, options.jitter ?? 0.2));
    this.random = options.random ?? Math.random;
  }

  /** Delay before the next attempt; each call counts as one failed attempt. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt += 1;
    return Math.round(base * (1 - this.jitter * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
