import { describe, expect, it } from 'vitest';
import {
  bakeToTracks,
  generateIdle,
  inbetween,
  minimumJerk,
  minimumJerkVelocity,
  minimumJerkWithOvershoot,
  seededRandom,
} from '../../../src/shared/animate';
import { evaluateTrack, frameTime } from '../../../src/shared/timeline';

/** Blinks seen in a channel: runs of frames with the lid more than half shut. */
function countClosures(channel: Float32Array): number {
  let count = 0;
  for (let i = 0; i < channel.length; i++) if (channel[i]! > 0.5 && !(i > 0 && channel[i - 1]! > 0.5)) count++;
  return count;
}

describe('minimum jerk', () => {
  it('starts and ends exactly with zero velocity and acceleration', () => {
    expect(minimumJerk(0)).toBe(0);
    expect(minimumJerk(1)).toBe(1);
    expect(minimumJerk(0.5)).toBe(0.5);
    expect(minimumJerkVelocity(0)).toBe(0);
    expect(minimumJerkVelocity(1)).toBe(0);
    const h = 1e-5;
    expect((minimumJerk(h) - minimumJerk(0)) / h).toBeLessThan(1e-6);
    expect((minimumJerk(1) - minimumJerk(1 - h)) / h).toBeLessThan(1e-6);
    // Peak velocity of minimum jerk is 1.875 at the midpoint.
    expect(minimumJerkVelocity(0.5)).toBeCloseTo(1.875, 12);
  });

  it('overshoots by exactly the amount asked and lands on the target', () => {
    let peak = 0;
    for (let i = 0; i <= 1000; i++) peak = Math.max(peak, minimumJerkWithOvershoot(i / 1000, 0.06));
    expect(peak).toBeCloseTo(1.06, 4);
    expect(minimumJerkWithOvershoot(1, 0.06)).toBe(1);
    expect(minimumJerkWithOvershoot(0.999999, 0.06)).toBeCloseTo(1, 6);
  });
});

describe('in-betweening', () => {
  const from = { 'rig.jawOpen': 0, 'rig.browInnerUp': 0, 'head.yawDeg': -5 } as const;
  const to = { 'rig.jawOpen': 0.8, 'rig.browInnerUp': 0.6, 'head.yawDeg': 5 } as const;

  it('hits both rig states exactly and lets brows lead the mouth', () => {
    const result = inbetween(from, to, { fps: 30, duration: 1, leadSeconds: 0.1, overshoot: 0.05, seed: 3 });
    expect(result.frameCount).toBe(31);
    for (const [name, value] of Object.entries(from))
      expect(result.channels[name as keyof typeof from]![0]).toBeCloseTo(value, 6);
    for (const [name, value] of Object.entries(to))
      expect(result.channels[name as keyof typeof to]![30]).toBeCloseTo(value, 6);
    const jaw = result.channels['rig.jawOpen']!;
    const brow = result.channels['rig.browInnerUp']!;
    // At 0.1 s the brow is moving and the jaw has not started; at 0.5 s the brow is further along.
    expect(jaw[3]).toBe(0);
    expect(brow[3]! / 0.6).toBeGreaterThan(0.01);
    expect(brow[15]! / 0.6).toBeGreaterThan(jaw[15]! / 0.8 + 0.1);
    // Small overshoot on the head (coefficients are clamped to 0..1, degrees are not).
    expect(Math.max(...result.channels['head.yawDeg']!)).toBeGreaterThan(5.2);
    expect(Math.max(...result.channels['head.yawDeg']!)).toBeLessThan(5.6);
    expect(result.blinks).toHaveLength(0);
  });

  it('is deterministic for a seed and inserts one blink in a long segment', () => {
    const a = inbetween(from, to, { fps: 30, duration: 2, seed: 11 });
    const b = inbetween(from, to, { fps: 30, duration: 2, seed: 11 });
    const c = inbetween(from, to, { fps: 30, duration: 2, seed: 12 });
    expect(a).toEqual(b);
    expect(a.blinks).toHaveLength(1);
    expect(a.blinks[0]).not.toEqual(c.blinks[0]);
    expect(countClosures(a.channels['rig.eyeBlinkLeft']!)).toBe(1);
    expect(a.channels['rig.eyeBlinkLeft']![0]).toBe(0);
    expect(a.channels['rig.eyeBlinkLeft']![60]).toBe(0);
  });
});

describe('idle motion', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateIdle({ fps: 30, duration: 20, seed: 5 });
    expect(generateIdle({ fps: 30, duration: 20, seed: 5 })).toEqual(a);
    expect(generateIdle({ fps: 30, duration: 20, seed: 6 }).channels['head.yawDeg']).not.toEqual(
      a.channels['head.yawDeg'],
    );
    const rng = seededRandom(42);
    const first = [rng.next(), rng.next()];
    const again = seededRandom(42);
    expect([again.next(), again.next()]).toEqual(first);
  });

  it('blinks 10–20 times a minute, 100–400 ms each, with some doubles, over a long clip', () => {
    for (const seed of [1, 2, 3]) {
      const minutes = 10;
      const idle = generateIdle({ fps: 30, duration: minutes * 60, seed });
      const rate = idle.blinks.length / minutes;
      expect(rate).toBeGreaterThanOrEqual(10);
      expect(rate).toBeLessThanOrEqual(20);
      for (const blink of idle.blinks) {
        expect(blink.duration).toBeGreaterThanOrEqual(0.1);
        expect(blink.duration).toBeLessThanOrEqual(0.4);
      }
      const gaps = idle.blinks.slice(1).map((b, i) => b.start - (idle.blinks[i]!.start + idle.blinks[i]!.duration));
      const doubles = gaps.filter((g) => g < 0.3).length;
      expect(doubles).toBeGreaterThan(0);
      expect(doubles / idle.blinks.length).toBeLessThan(0.25);
      // The lids in the channel show the same blinks (30 fps resolves even a 100 ms blink).
      expect(Math.abs(countClosures(idle.channels['rig.eyeBlinkLeft']!) - idle.blinks.length)).toBeLessThanOrEqual(
        idle.blinks.length * 0.05,
      );
    }
  });

  it('keeps head motion small, scales with amount and stops at 0', () => {
    const calm = generateIdle({ fps: 30, duration: 60, seed: 9, amount: 1 });
    const lively = generateIdle({ fps: 30, duration: 60, seed: 9, amount: 2 });
    const still = generateIdle({ fps: 30, duration: 60, seed: 9, amount: 0 });
    const range = (values: Float32Array) => Math.max(...values) - Math.min(...values);
    const yaw = calm.channels['head.yawDeg']!;
    expect(range(yaw)).toBeGreaterThan(0.5);
    expect(Math.max(...yaw.map(Math.abs))).toBeLessThan(8);
    expect(range(lively.channels['head.yawDeg']!)).toBeCloseTo(2 * range(yaw), 3);
    expect(range(still.channels['head.pitchDeg']!)).toBe(0);
    expect(still.blinks).toHaveLength(0);
    // Gaze moves, within the eye-look limits.
    expect(range(calm.channels['rig.eyeLookOutLeft']!)).toBeGreaterThan(0.02);
    expect(Math.max(...calm.channels['rig.eyeLookOutLeft']!)).toBeLessThanOrEqual(0.35 + 1e-6);
  });

  it('bakes into editable tracks that reproduce the motion within the tolerance', () => {
    const idle = generateIdle({ fps: 30, duration: 10, seed: 4 });
    const tracks = bakeToTracks(idle);
    const yaw = tracks.find((t) => t.parameter === 'head.yawDeg')!;
    expect(yaw.keyframes.length).toBeLessThan(idle.frameCount / 5);
    for (let frame = 0; frame < idle.frameCount; frame++) {
      expect(
        Math.abs(evaluateTrack(yaw, frameTime(frame, 30))! - idle.channels['head.yawDeg']![frame]!),
      ).toBeLessThanOrEqual(0.1);
    }
  });
});
