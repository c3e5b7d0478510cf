import { describe, expect, it } from 'vitest';
import { animateThroughStates, bakeToTracks } from '../../../src/shared/animate';
import { evaluateKeyframes } from '../../../src/shared/timeline';

const neutral = { 'rig.jawOpen': 0, 'rig.mouthSmileLeft': 0, 'head.yawDeg': 3 };
const smile = { 'rig.jawOpen': 0.2, 'rig.mouthSmileLeft': 0.9, 'head.yawDeg': 3 };
const surprise = { 'rig.jawOpen': 0.7, 'rig.mouthSmileLeft': 0, 'head.yawDeg': 3 };

describe('animateThroughStates', () => {
  const states = [
    { time: 0, values: neutral },
    { time: 1, values: smile },
    { time: 2.5, values: surprise },
  ];

  it('passes exactly through every key state and holds the last one', () => {
    const frames = animateThroughStates(states, { fps: 30, duration: 3.5 });
    expect(frames.frameCount).toBe(106);
    for (const { time, values } of states) {
      for (const [parameter, value] of Object.entries(values)) {
        expect(frames.channels[parameter as keyof typeof values]![time * 30]).toBeCloseTo(value, 6);
      }
    }
    expect(frames.channels['rig.jawOpen']![105]).toBeCloseTo(0.7, 6);
    // Between keys the jaw moves monotonically up to the overshoot.
    const jaw = frames.channels['rig.jawOpen']!;
    expect(jaw[45]).toBeGreaterThan(0.2);
    expect(jaw[45]).toBeLessThan(0.7);
  });

  it('adds idle motion on top, deterministically for a seed', () => {
    const a = animateThroughStates(states, { fps: 25, duration: 6, idle: 1, seed: 4 });
    const b = animateThroughStates(states, { fps: 25, duration: 6, idle: 1, seed: 4 });
    const c = animateThroughStates(states, { fps: 25, duration: 6, idle: 1, seed: 5 });
    expect(a.channels['head.pitchDeg']).toEqual(b.channels['head.pitchDeg']);
    expect(a.channels['head.pitchDeg']).not.toEqual(c.channels['head.pitchDeg']);
    const blink = a.channels['rig.eyeBlinkLeft']!;
    expect(Math.max(...blink)).toBeGreaterThan(0.9);
    expect(Math.min(...blink)).toBeGreaterThanOrEqual(0);
    const yaw = a.channels['head.yawDeg']!;
    expect(Math.max(...yaw.map((v) => Math.abs(v - 3)))).toBeGreaterThan(0.2);
    expect(Math.max(...yaw.map((v) => Math.abs(v - 3)))).toBeLessThan(8);
  });

  it('bakes into tracks that reproduce the frames within the baking tolerance', () => {
    const frames = animateThroughStates(states, { fps: 30, duration: 3 });
    const tracks = bakeToTracks(frames);
    const jaw = tracks.find((track) => track.parameter === 'rig.jawOpen')!;
    for (let frame = 0; frame < frames.frameCount; frame++) {
      expect(
        Math.abs(evaluateKeyframes(jaw.keyframes, frame / 30)! - frames.channels['rig.jawOpen']![frame]!),
      ).toBeLessThanOrEqual(0.0100001);
    }
  });

  it('refuses two keys at one time', () => {
    expect(() => animateThroughStates([states[0]!, { time: 0, values: smile }], { fps: 30, duration: 1 })).toThrow(
      /Two keys at 0 s/,
    );
  });
});
