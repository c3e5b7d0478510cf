import { describe, expect, it } from 'vitest';
import { bakeToTracks } from '../../../src/shared/animate';
import {
  mostNeutralFrame,
  retargetChannels,
  type DriverChannels,
  type RenderTarget,
} from '../../../src/shared/generate';
import { evaluateKeyframes } from '../../../src/shared/timeline';
import { coefficientsToRecord } from '../../../src/shared/rig';

/** 30 frames: the jaw opens and closes once, the head turns 10° right; the driver rests at smile 0.2. */
const FRAMES = 30;
const jaw = (f: number) => 0.1 + 0.5 * Math.sin((Math.PI * f) / (FRAMES - 1));
const channels: Record<string, Float32Array> = {
  'rig.jawOpen': Float32Array.from({ length: FRAMES }, (_, f) => jaw(f)),
  'rig.mouthSmileLeft': new Float32Array(FRAMES).fill(0.2),
  'head.yawDeg': Float32Array.from({ length: FRAMES }, (_, f) => (10 * f) / (FRAMES - 1)),
};
const driver: DriverChannels & { fps: number } = {
  fps: 25,
  frameCount: FRAMES,
  measured: null,
  channel: (name) => channels[name],
};
const portrait: RenderTarget = {
  coefficients: { ...coefficientsToRecord(new Float32Array(52)), jawOpen: 0.05, mouthSmileLeft: 0.5 },
  head: { yawDeg: -5, pitchDeg: 2, rollDeg: 0 },
};

describe('retargetChannels', () => {
  it('finds the most neutral frame (the jaw at its least)', () => {
    expect(mostNeutralFrame(driver)).toBe(0);
  });

  it('relative: the portrait moves by the driver change from its neutral; flat parameters get no track', () => {
    const frames = retargetChannels(portrait, driver, {
      neutralFrame: 0,
      mode: 'relative',
      alphas: { head: 1, brows: 1, eyes: 1, nose: 1, mouth: 1 },
    });
    expect(frames.fps).toBe(25);
    // The smile rests at 0.2 throughout: no change, no track; a pure yaw turn leaves pitch and roll.
    expect(Object.keys(frames.channels).sort()).toEqual(['head.yawDeg', 'rig.jawOpen']);
    const jawTrack = frames.channels['rig.jawOpen']!;
    expect(jawTrack[0]).toBeCloseTo(0.05, 5);
    expect(jawTrack[14]).toBeCloseTo(0.05 + jaw(14) - jaw(0), 5);
    expect(frames.channels['head.yawDeg']![FRAMES - 1]).toBeCloseTo(5, 3);
    // Baked keys reproduce the channel within the key-reduction tolerance.
    const tracks = bakeToTracks(frames);
    const baked = tracks.find((track) => track.parameter === 'rig.jawOpen')!;
    expect(baked.keyframes.length).toBeLessThan(FRAMES);
    for (let f = 0; f < FRAMES; f++)
      expect(Math.abs(evaluateKeyframes(baked.keyframes, f / 25)! - jawTrack[f]!)).toBeLessThan(0.011);
  });

  it('head 0 keeps the portrait still: no head tracks', () => {
    const frames = retargetChannels(portrait, driver, {
      neutralFrame: 0,
      mode: 'relative',
      alphas: { head: 0, brows: 1, eyes: 1, nose: 1, mouth: 1 },
    });
    expect(Object.keys(frames.channels)).toEqual(['rig.jawOpen']);
  });
});
