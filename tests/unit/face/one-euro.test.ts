import { describe, expect, it } from 'vitest';
import { OneEuroVectorFilter } from '../../../src/main/engine/face/one-euro';

const params = { minCutoff: 1, beta: 20, derivativeCutoff: 1 };

/** Deterministic pseudo-random jitter so the test cannot flake. */
function jitter(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
}

describe('OneEuroVectorFilter', () => {
  it('removes most jitter from a still value', () => {
    const filter = new OneEuroVectorFilter(params);
    const noise = jitter(7);
    const deviations: number[] = [];
    for (let frame = 0; frame < 120; frame++) {
      const out = filter.filter([100 + 2 * noise()], frame / 30, 100);
      if (frame > 30) deviations.push(Math.abs(out[0]! - 100));
    }
    const mean = deviations.reduce((a, b) => a + b, 0) / deviations.length;
    // Raw jitter has mean |deviation| 0.5; the filter should cut it by well over half.
    expect(mean).toBeLessThan(0.2);
  });

  it('follows a fast move with little lag', () => {
    const filter = new OneEuroVectorFilter(params);
    let last = 0;
    for (let frame = 0; frame <= 30; frame++) {
      // 300 px per second, i.e. 3 face sizes per second for a 100 px face
      last = filter.filter([frame * 10], frame / 30, 100)[0]!;
    }
    expect(300 - last).toBeLessThan(15);
  });

  it('starts over after reset and passes the first sample through', () => {
    const filter = new OneEuroVectorFilter(params);
    filter.filter([1, 2], 0);
    filter.reset();
    expect(Array.from(filter.filter([5, 6], 1))).toEqual([5, 6]);
  });
});
