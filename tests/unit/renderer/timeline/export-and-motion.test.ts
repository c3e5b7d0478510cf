import { describe, expect, it } from 'vitest';
import { ExportSettings } from '../../../../src/shared/api/scenes';
import type { TrackSetValues } from '../../../../src/shared/api/tracks';
import { evaluateKeyframes, makeKeyframe } from '../../../../src/shared/timeline';
import {
  DEFAULT_EXPORT_FORM,
  fpsChoiceProblem,
  toSettings,
  withPlayableFps,
} from '../../../../src/renderer/timeline/export-settings';
import { exportFpsProblem } from '../../../../src/shared/api/export-fps';
import { motionChannels } from '../../../../src/renderer/timeline/motion-import';
import { bakeChannels, mergeTracks } from '../../../../src/renderer/timeline/bake';
import { zeroValues } from '../../../../src/renderer/rig/rig-values';

describe('export form', () => {
  const scene = { lastFrame: 90, fps: 30 };
  it('turns choices into settings the contract accepts', () => {
    const result = toSettings(
      { ...DEFAULT_EXPORT_FORM, format: 'webm', size: '720', quality: 'medium', fps: '24' },
      scene,
    );
    expect('settings' in result && ExportSettings.parse(result.settings)).toMatchObject({
      format: 'webm',
      size: 720,
      crf: 32,
      fps: 24,
    });
    const range = toSettings({ ...DEFAULT_EXPORT_FORM, range: 'frames', startFrame: '10', endFrame: '29' }, scene);
    expect('settings' in range && range.settings.range).toEqual({ startFrame: 10, endFrame: 30 });
    const custom = toSettings({ ...DEFAULT_EXPORT_FORM, size: 'custom', customLongSide: '300' }, scene);
    expect('settings' in custom && custom.settings.size).toEqual({ longSide: 300 });
  });

  it('says what is wrong instead of sending it', () => {
    const problem = (form: Partial<typeof DEFAULT_EXPORT_FORM>, at = scene) =>
      'problem' in toSettings({ ...DEFAULT_EXPORT_FORM, ...form }, at);
    expect(problem({ size: 'custom', customLongSide: '12' })).toBe(true);
    expect(problem({ range: 'frames', startFrame: '20', endFrame: '10' })).toBe(true);
    expect(problem({ range: 'frames', startFrame: '0', endFrame: '91' })).toBe(true);
    expect(problem({ format: 'gif', fps: '60' })).toBe(true);
    expect(problem({ format: 'gif' }, { lastFrame: 120, fps: 60 })).toBe(true);
    expect(problem({ format: 'gif', fps: '30' }, { lastFrame: 120, fps: 60 })).toBe(false);
  });

  it("words the frame-rate limit as the engine does (exportFpsProblem), the scene's own rate included", () => {
    const gif = toSettings({ ...DEFAULT_EXPORT_FORM, format: 'gif' }, { lastFrame: 120, fps: 60 });
    expect(gif).toEqual({ problem: 'A GIF plays at most 50 fps (got 60); 25 and 50 fps play exactly.' });
    expect(exportFpsProblem('gif', 60)).toBe('a GIF plays at most 50 fps (got 60); 25 and 50 fps play exactly');
    // Every over-limit choice gets that reason (the dialog's tooltip); the rest none.
    expect(fpsChoiceProblem('gif', '', 60)).toBe('A GIF plays at most 50 fps (got 60); 25 and 50 fps play exactly.');
    expect(fpsChoiceProblem('gif', '60', 30)).toMatch(/^A GIF plays at most 50 fps \(got 60\)/);
    expect(fpsChoiceProblem('gif', '50', 60)).toBeNull();
    expect(fpsChoiceProblem('mp4', '', 60)).toBeNull();
    // Other formats: the range (the API's bound, 120).
    expect(fpsChoiceProblem('mp4', '200', 30)).toBe('The frame rate must be from 1 to 120 fps (got 200).');
  });

  it("falls back to the highest rate the format plays when the choice (the scene's own) is over its limit", () => {
    const gif = { ...DEFAULT_EXPORT_FORM, format: 'gif' as const };
    expect(withPlayableFps(gif, 60).fps).toBe('50');
    expect(withPlayableFps({ ...gif, fps: '60' }, 30).fps).toBe('50');
    // Allowed choices are kept as they are.
    expect(withPlayableFps(gif, 30)).toBe(gif);
    expect(withPlayableFps({ ...gif, fps: '25' }, 60).fps).toBe('25');
    expect(withPlayableFps({ ...DEFAULT_EXPORT_FORM, format: 'mp4' }, 60).fps).toBe('');
  });
});

describe('driving motion onto the timeline', () => {
  const set = {
    summary: {} as TrackSetValues['summary'],
    times: Float64Array.from([0, 0.1, 0.2, 0.3]),
    measured: Uint8Array.from([1, 1, 1, 1]),
    channels: [
      { name: 'rig.jawOpen', unit: 'coefficient', values: Float32Array.from([0.1, 0.5, 0.9, 0.1]) },
      { name: 'head.yawDeg', unit: 'degrees', values: Float32Array.from([5, 6, 70, 5]) },
      { name: 'eyes.leftEyeYaw', unit: 'degrees', values: Float32Array.from([0, 0, 0, 0]) },
    ],
  } as TrackSetValues;

  it('relative adds the driver’s change from its rest to the portrait; absolute takes its values; limits hold', () => {
    const portrait = { ...zeroValues(), coefficients: { ...zeroValues().coefficients, jawOpen: 0.3 } };
    const relative = motionChannels(set, portrait, { mode: 'relative', includeHead: true });
    expect(relative.map((c) => c.parameter)).toEqual(['rig.jawOpen', 'head.yawDeg']);
    expect([...relative[0]!.values].map((v) => Number(v.toFixed(4)))).toEqual([0.3, 0.7, 1, 0.3]);
    expect(relative[1]!.values[2]).toBe(45);
    const absolute = motionChannels(set, portrait, { mode: 'absolute', includeHead: false });
    expect(absolute.map((c) => c.parameter)).toEqual(['rig.jawOpen']);
    expect(absolute[0]!.values[1]).toBeCloseTo(0.5, 6);
    // A channel that stays at the portrait's value changes nothing and is left out.
    const still = {
      ...set,
      channels: [{ name: 'rig.jawOpen', unit: 'coefficient', values: Float32Array.from([0, 0, 0, 0]) }],
    };
    expect(motionChannels(still as TrackSetValues, portrait, { mode: 'relative', includeHead: true })).toEqual([]);
    expect(motionChannels(still as TrackSetValues, zeroValues(), { mode: 'relative', includeHead: true })).toEqual([]);
  });

  it('bakes channels into keys within tolerance, offset to the playhead, and merges over a range', async () => {
    const values = Float32Array.from({ length: 61 }, (_, i) => 0.5 + 0.4 * Math.sin(i / 6));
    const [track] = await bakeChannels([{ parameter: 'rig.jawOpen', values }], { fps: 30, startFrame: 30 });
    expect(track!.keyframes.length).toBeLessThan(30);
    expect(track!.keyframes[0]!.time).toBe(1);
    for (let i = 0; i < values.length; i++) {
      expect(Math.abs(evaluateKeyframes(track!.keyframes, (30 + i) / 30)! - values[i]!)).toBeLessThanOrEqual(0.0100001);
    }
    const existing = [
      { parameter: 'rig.jawOpen' as const, keyframes: [makeKeyframe(0, 0), makeKeyframe(1.5, 1), makeKeyframe(4, 0)] },
    ];
    const merged = mergeTracks(existing, [track!], 1, 3);
    const times = merged[0]!.keyframes.map((k) => k.time);
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBe(4);
    expect(times).not.toContain(1.5);
  });
});
