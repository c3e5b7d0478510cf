import { describe, expect, it } from 'vitest';
import {
  applyEasing,
  cubicBezierEase,
  EASING_PRESETS,
  evaluateKeyframes,
  evaluateScene,
  makeKeyframe,
  presetProgress,
  sortKeyframes,
  type Keyframe,
} from '../../../src/shared/timeline';
import { Track as TrackSchema } from '../../../src/shared/api/timeline';

const track = (...pairs: Array<[number, number]>): Keyframe[] => pairs.map(([t, v]) => makeKeyframe(t, v));
const sample = (keys: Keyframe[], from: number, to: number, steps = 400) =>
  Array.from({ length: steps + 1 }, (_, i) => evaluateKeyframes(keys, from + ((to - from) * i) / steps)!);

describe('evaluation', () => {
  it('is exact at keys, whatever the easing', () => {
    for (const preset of EASING_PRESETS) {
      let keys = track([0.1, 0.123456789], [0.7, -3.3], [1.9, 42.000001]);
      keys = applyEasing(keys, 0, preset);
      const original = [
        [0.1, 0.123456789],
        [keys.at(-2)!.time, -3.3],
        [1.9, 42.000001],
      ];
      for (const [t, v] of original) expect(evaluateKeyframes(keys, t!)).toBe(v);
      for (const k of keys) expect(evaluateKeyframes(keys, k.time)).toBe(k.value);
    }
  });

  it('interpolates linearly between linear keys and clamps outside them', () => {
    const keys = track([1, 10], [3, 20]);
    expect(evaluateKeyframes(keys, 2)).toBeCloseTo(15, 12);
    expect(evaluateKeyframes(keys, 1.5)).toBeCloseTo(12.5, 12);
    expect(evaluateKeyframes(keys, -5)).toBe(10);
    expect(evaluateKeyframes(keys, 0.999)).toBe(10);
    expect(evaluateKeyframes(keys, 3.001)).toBe(20);
    expect(evaluateKeyframes(keys, 1e9)).toBe(20);
    expect(evaluateKeyframes([], 1)).toBeUndefined();
    expect(evaluateKeyframes(track([2, 7]), 0)).toBe(7);
  });

  it('matches CSS ease-in-out at known points and is symmetric', () => {
    const keys = applyEasing(track([0, 0], [1, 1]), 0, 'ease-in-out');
    expect(evaluateKeyframes(keys, 0.5)).toBeCloseTo(0.5, 9);
    for (const x of [0.1, 0.2, 0.3, 0.4]) {
      expect(evaluateKeyframes(keys, x)! + evaluateKeyframes(keys, 1 - x)!).toBeCloseTo(1, 9);
    }
    // Ease-in-out is slow at the ends.
    expect(evaluateKeyframes(keys, 0.1)!).toBeLessThan(0.05);
  });

  it('keeps monotonic presets monotonic and inside the key range', () => {
    for (const preset of ['linear', 'ease', 'ease-in', 'ease-out', 'ease-in-out'] as const) {
      const values = sample(applyEasing(track([0, 2], [1, 5]), 0, preset), 0, 1);
      for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]! - 1e-12);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(2);
      expect(Math.max(...values)).toBeLessThanOrEqual(5);
    }
  });

  it('overshoots with back and elastic, then lands exactly', () => {
    const back = sample(applyEasing(track([0, 0], [1, 10]), 0, 'back'), 0, 1);
    expect(Math.max(...back)).toBeGreaterThan(10.5);
    expect(Math.max(...back)).toBeLessThan(12);
    expect(back.at(-1)).toBe(10);

    const elasticKeys = applyEasing(track([0, 0], [1, 10]), 0, 'elastic');
    const elastic = sample(elasticKeys, 0, 1, 1000);
    expect(Math.max(...elastic)).toBeGreaterThan(12);
    // It swings back below the target at least once.
    const afterPeak = elastic.slice(elastic.indexOf(Math.max(...elastic)));
    expect(Math.min(...afterPeak)).toBeLessThan(10);
    expect(elastic.at(-1)).toBe(10);
    expect(presetProgress('elastic', 1)).toBe(1);
    expect(presetProgress('back', 0.8)).toBeGreaterThan(1);
  });

  it('holds a hold key until the next key and a disconnected key too', () => {
    const held = applyEasing(track([0, 1], [2, 5], [3, 9]), 0, 'hold');
    expect(evaluateKeyframes(held, 0)).toBe(1);
    expect(evaluateKeyframes(held, 1.999)).toBe(1);
    expect(evaluateKeyframes(held, 2)).toBe(5);
    expect(evaluateKeyframes(held, 2.5)).toBeCloseTo(7, 12);
    const disconnected = track([0, 1], [1, 3]);
    disconnected[0]!.connectedRight = false;
    expect(evaluateKeyframes(disconnected, 0.99)).toBe(1);
    expect(evaluateKeyframes(disconnected, 1)).toBe(3);
  });

  it('solves extreme handles robustly (vertical tangents, bisection fallback)', () => {
    const cases: Array<[number, number, number, number]> = [
      [0, 1, 0, 1],
      [1, 0, 1, 0],
      [0.999, 0, 0.001, 1],
      [0, 0, 0, 0],
      [1, 1, 1, 1],
    ];
    for (const handles of cases) {
      let previous = -Infinity;
      for (let i = 0; i <= 1000; i++) {
        const y = cubicBezierEase(i / 1000, ...handles);
        expect(Number.isFinite(y)).toBe(true);
        expect(y).toBeGreaterThanOrEqual(previous - 1e-7);
        previous = y;
      }
    }
  });

  it('is deterministic and evaluates whole scenes, leaving unkeyed parameters out', () => {
    const tracks = [
      { parameter: 'rig.jawOpen' as const, keyframes: track([0, 0], [1, 0.8]) },
      { parameter: 'head.yawDeg' as const, keyframes: applyEasing(track([0, -10], [2, 10]), 0, 'ease') },
      { parameter: 'layer.smile' as const, keyframes: [] },
    ];
    const a = evaluateScene(tracks, 0.37);
    const b = evaluateScene(tracks, 0.37);
    expect(a).toEqual(b);
    expect(Object.keys(a).sort()).toEqual(['head.yawDeg', 'rig.jawOpen']);
    expect(a['rig.jawOpen']).toBeCloseTo(0.296, 12);
  });

  it('rejects duplicate times and validates tracks on the wire', () => {
    expect(() => sortKeyframes(track([1, 0], [1, 2]))).toThrow(/share time 1/);
    const ok = { parameter: 'rig.eyeBlinkLeft', keyframes: track([0, 0], [1, 1]) };
    expect(TrackSchema.safeParse(ok).success).toBe(true);
    expect(TrackSchema.safeParse({ ...ok, parameter: 'rig.notAShape' }).success).toBe(false);
    expect(TrackSchema.safeParse({ ...ok, keyframes: track([1, 0], [0, 1]) }).success).toBe(false);
    const badHandle = track([0, 0], [1, 1]);
    badHandle[0]!.handles[2] = 1.5;
    expect(TrackSchema.safeParse({ ...ok, keyframes: badHandle }).success).toBe(false);
  });
});
