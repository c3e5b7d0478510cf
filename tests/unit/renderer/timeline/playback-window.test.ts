import { describe, expect, it } from 'vitest';
import { clockFrame, framesAhead } from '../../../../src/renderer/timeline/playback/playback-window';

describe('playback clock and render-ahead window', () => {
  it('follows real time from the start frame and drops frames rather than drifting', () => {
    const at = (ms: number) =>
      clockFrame({ startFrame: 10, startedAt: 1000, now: 1000 + ms, fps: 30, lastFrame: 89, loop: false });
    expect(at(0)).toBe(10);
    expect(at(33)).toBe(10);
    expect(at(34)).toBe(11);
    // A 500 ms stall skips 15 frames: time is never slowed down.
    expect(at(1000)).toBe(40);
    expect(at(3000)).toBeNull();
    expect(clockFrame({ startFrame: 80, startedAt: 0, now: 1000, fps: 30, lastFrame: 89, loop: true })).toBe(20);
  });

  it('frame n at 1/fps exactly, even after an hour', () => {
    const fps = 24;
    const frames = 3600 * fps;
    expect(
      clockFrame({ startFrame: 0, startedAt: 0, now: (frames * 1000) / fps, fps, lastFrame: frames + 10, loop: false }),
    ).toBe(frames);
  });

  it('renders ahead by the render time, wrapping when looping', () => {
    expect(framesAhead({ frame: 0, lastFrame: 89, fps: 30, renderMs: 100, count: 3, loop: true })).toEqual([4, 5, 6]);
    expect(framesAhead({ frame: 88, lastFrame: 89, fps: 30, renderMs: 0, count: 3, loop: true })).toEqual([89, 0, 1]);
    expect(framesAhead({ frame: 88, lastFrame: 89, fps: 30, renderMs: 0, count: 3, loop: false })).toEqual([89]);
    expect(framesAhead({ frame: 0, lastFrame: 3, fps: 30, renderMs: 0, count: 30, loop: true })).toHaveLength(4);
  });
});
