import { describe, expect, it } from 'vitest';
import { makeKeyframe } from '../../../../src/shared/timeline';
import { bakeChannels, mergeTracks } from '../../../../src/renderer/timeline/bake';
import { motionFit, resampleChannel } from '../../../../src/renderer/timeline/motion-fit';

describe('imported motion and the scene length', () => {
  const scene = { durationSeconds: 3, fps: 30 };
  const capture = { frameCount: 78, fps: 25 };

  it('a 78-frame 25 fps capture (3.08 s) from 0 s runs past a 3 s, 30 fps scene; 3.2 s holds it', () => {
    const fit = motionFit(scene, 0, capture);
    expect(fit).toMatchObject({ startFrame: 0, endFrame: 93, lastFrame: 89, fits: false, extendedSeconds: 3.2 });
    expect(fit.motionSeconds).toBeCloseTo(3.08, 9);
    // 3.2 s at 30 fps has frames 0..95: the motion's last frame is inside.
    expect(motionFit({ durationSeconds: fit.extendedSeconds, fps: 30 }, 0, capture).fits).toBe(true);
    // The same capture from 1 s, or a 2-second one, fits or not by the same frame arithmetic.
    expect(motionFit(scene, 30, capture).endFrame).toBe(123);
    expect(motionFit(scene, 0, { frameCount: 61, fps: 30 })).toMatchObject({ endFrame: 60, fits: true });
    expect(motionFit(scene, 29, { frameCount: 61, fps: 30 })).toMatchObject({ endFrame: 89, fits: true });
    expect(motionFit(scene, 30, { frameCount: 61, fps: 30 })).toMatchObject({ endFrame: 90, fits: false });
    expect(fit.extendedLastFrame).toBe(93);
  });

  it('a scene at its maximum length takes the motion only to its last frame', () => {
    // 600 s at 30 fps: frames 0..17999; a 40 s capture from 590 s would reach frame 18899.
    const fit = motionFit({ durationSeconds: 600, fps: 30 }, 17700, { frameCount: 1201, fps: 30 });
    expect(fit).toMatchObject({ endFrame: 18900, fits: false, extendedSeconds: 600, extendedLastFrame: 17999 });
  });

  it('resamples a capture onto the scene frames (same rate: unchanged; the last sample held)', () => {
    const ramp = Float32Array.from({ length: 78 }, (_, i) => i / 77);
    const atThirty = resampleChannel(ramp, 25, 30, 94);
    // Scene frame 30 (1 s) is capture frame 25; frame 93 (3.1 s) is past the last sample (3.08 s).
    expect(atThirty[30]).toBeCloseTo(25 / 77, 6);
    expect(atThirty[45]).toBeCloseTo(37.5 / 77, 6);
    expect(atThirty[93]).toBe(1);
    expect(Array.from(resampleChannel(ramp, 25, 25, 78))).toEqual(Array.from(ramp));
  });

  it('importing only what fits leaves no key past the last frame, and every key on a frame', async () => {
    const fit = motionFit(scene, 0, capture);
    const jaw = Float32Array.from({ length: 78 }, (_, i) => 0.5 + 0.4 * Math.sin(i / 5));
    const frames = fit.lastFrame - fit.startFrame + 1;
    const [track] = await bakeChannels([{ parameter: 'rig.jawOpen', values: resampleChannel(jaw, 25, 30, frames) }], {
      fps: 30,
      startFrame: 0,
    });
    const merged = mergeTracks(
      [{ parameter: 'rig.jawOpen', keyframes: [makeKeyframe(2.5, 0)] }],
      [track!],
      0,
      fit.lastFrame / 30,
    );
    const times = merged[0]!.keyframes.map((key) => key.time);
    expect(Math.max(...times)).toBeLessThanOrEqual(89 / 30);
    for (const time of times) expect(time).toBe(Math.round(time * 30) / 30);
    expect(times).not.toContain(2.5);
  });
});
