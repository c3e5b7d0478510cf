import { describe, expect, it } from 'vitest';
import {
  frameAt,
  frameCount,
  frameRange,
  frameTime,
  maxReductionError,
  reduceKeys,
  SCENE_FPS,
  snapToFrame,
  timecode,
} from '../../../src/shared/timeline';

describe('frame math', () => {
  it('round-trips every frame of an hour at each scene rate without drift', () => {
    for (const fps of SCENE_FPS) {
      for (let frame = 0; frame < fps * 3600; frame += 7) {
        expect(frameAt(frameTime(frame, fps), fps)).toBe(frame);
      }
      // Accumulating 1/fps drifts; frameTime does not.
      let accumulated = 0;
      for (let i = 0; i < fps * 600; i++) accumulated += 1 / fps;
      expect(frameTime(fps * 600, fps)).toBe(600);
      expect(accumulated).not.toBe(600);
    }
  });

  it('maps times inside a frame to that frame and snaps to the nearest boundary', () => {
    expect(frameAt(0.999 / 30, 30)).toBe(0);
    expect(frameAt(1.0 / 30 + 1e-9, 30)).toBe(1);
    expect(frameAt(1.5 / 24, 24)).toBe(1);
    expect(snapToFrame(0.52, 25)).toBe(0.52);
    expect(snapToFrame(0.53, 25)).toBe(0.52);
    expect(snapToFrame(0.55, 25)).toBeCloseTo(0.56, 15);
  });

  it('counts frames of a scene and an export range', () => {
    expect(frameCount(10, 30)).toBe(301);
    expect(frameRange(0, 10, 30)).toEqual({ first: 0, count: 300 });
    expect(frameRange(0.1, 0.2, 60)).toEqual({ first: 6, count: 6 });
    expect(frameRange(1 / 3, 2 / 3, 24)).toEqual({ first: 8, count: 8 });
    expect(timecode(30 * 3661 + 29, 30)).toBe('01:01:01:29');
  });
});

describe('key reduction', () => {
  const fps = 30;
  const n = 300;
  const times = Array.from({ length: n }, (_, i) => frameTime(i, fps));
  // A driving-video-like channel: smooth motion, a blink and a little tracking noise.
  let seed = 7;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  const values = times.map(
    (t) => 0.3 + 0.2 * Math.sin(t * 1.3) + 0.6 * Math.exp(-(((t - 5) / 0.08) ** 2)) + 0.004 * noise(),
  );

  it('stays within the tolerance at every sample with far fewer keys', () => {
    for (const tolerance of [0.005, 0.02, 0.05]) {
      const keys = reduceKeys(times, values, { tolerance });
      expect(maxReductionError(keys, times, values)).toBeLessThanOrEqual(tolerance);
      expect(keys[0]!.time).toBe(0);
      expect(keys.at(-1)!.time).toBe(times.at(-1));
      if (tolerance >= 0.02) expect(keys.length).toBeLessThan(n / 8);
    }
  });

  it('keeps a smooth curve in a handful of keys and a constant in two', () => {
    const smooth = times.map((t) => Math.sin(t));
    const keys = reduceKeys(times, smooth, { tolerance: 0.005 });
    expect(keys.length).toBeLessThanOrEqual(15); // 300 samples, 1.6 sine periods
    expect(maxReductionError(keys, times, smooth)).toBeLessThanOrEqual(0.005);
    expect(reduceKeys(times, new Array(n).fill(0.25), { tolerance: 0 })).toHaveLength(2);
  });

  it('is exact with zero tolerance and rejects bad input', () => {
    const keys = reduceKeys(times.slice(0, 40), values.slice(0, 40), { tolerance: 0 });
    expect(maxReductionError(keys, times.slice(0, 40), values.slice(0, 40))).toBeLessThan(1e-12);
    expect(() => reduceKeys([0, 0], [1, 2], { tolerance: 0.1 })).toThrow(/increase/);
    expect(() => reduceKeys([0, 1], [1], { tolerance: 0.1 })).toThrow(/2 times but 1 values/);
  });
});
