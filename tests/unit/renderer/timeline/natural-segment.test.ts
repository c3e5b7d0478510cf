import { describe, expect, it } from 'vitest';
import { evaluateKeyframes, makeKeyframe, type Track } from '../../../../src/shared/timeline';
import { naturalSegment } from '../../../../src/renderer/timeline/natural-segment';
import { zeroValues } from '../../../../src/renderer/rig/rig-values';

describe('natural in-betweening of a segment', () => {
  const tracks: Track[] = [
    { parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0), makeKeyframe(1.5, 0.8), makeKeyframe(3, 0.8)] },
    { parameter: 'rig.browInnerUp', keyframes: [makeKeyframe(0, 0), makeKeyframe(1.5, 1)] },
  ];

  it('keeps the ends, lets the brows lead the mouth, adds a blink in a long segment, leaves later keys alone', async () => {
    const next = await naturalSegment(tracks, zeroValues(), { t0: 0, t1: 1.5, fps: 30, seed: 3 });
    const at = (parameter: string, t: number) =>
      evaluateKeyframes(next.find((track) => track.parameter === parameter)!.keyframes, t)!;
    expect(Math.abs(at('rig.jawOpen', 0))).toBeLessThanOrEqual(0.01);
    expect(Math.abs(at('rig.jawOpen', 1.5) - 0.8)).toBeLessThanOrEqual(0.01);
    expect(at('rig.jawOpen', 3)).toBe(0.8);
    // Early in the segment the brows (leading) are further along than the mouth.
    expect(at('rig.browInnerUp', 0.3) / 1).toBeGreaterThan(at('rig.jawOpen', 0.3) / 0.8 + 0.02);
    const blink = next.find((track) => track.parameter === 'rig.eyeBlinkLeft')!;
    const peak = Math.max(...Array.from({ length: 46 }, (_, i) => evaluateKeyframes(blink.keyframes, i / 30)!));
    expect(peak).toBeGreaterThan(0.8);
    // Deterministic for a seed.
    const again = await naturalSegment(tracks, zeroValues(), { t0: 0, t1: 1.5, fps: 30, seed: 3 });
    expect(again.map((t) => t.keyframes.map((k) => [k.time, k.value]))).toEqual(
      next.map((t) => t.keyframes.map((k) => [k.time, k.value])),
    );
  });

  it('a short segment gets no blink track', async () => {
    const short = await naturalSegment(
      [{ parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0), makeKeyframe(0.5, 1)] }],
      zeroValues(),
      { t0: 0, t1: 0.5, fps: 30, seed: 1 },
    );
    expect(short.map((t) => t.parameter)).toEqual(['rig.jawOpen']);
  });
});
