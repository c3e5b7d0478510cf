import { describe, expect, it } from 'vitest';
import {
  frameRange,
  panBy,
  rulerTicks,
  snapTime,
  timeToX,
  xToTime,
  zoomAt,
} from '../../../../src/renderer/timeline/time-view';

describe('time view', () => {
  const view = { startSeconds: 1, pxPerSecond: 100 };

  it('maps time to pixels and back', () => {
    expect(timeToX(view, 2.5)).toBe(150);
    expect(xToTime(view, 150)).toBe(2.5);
  });

  it('zooms about the pointer and never scrolls more than a key’s width before 0 s', () => {
    const zoomed = zoomAt(view, 2, 150);
    expect(zoomed.pxPerSecond).toBe(200);
    expect(xToTime(zoomed, 150)).toBeCloseTo(2.5, 12);
    expect(zoomAt({ startSeconds: 0, pxPerSecond: 100 }, 0.5, 300).startSeconds).toBeCloseTo(-12 / 50, 12);
    expect(panBy(view, 500).startSeconds).toBeCloseTo(-12 / 100, 12);
    expect(panBy(view, -50).startSeconds).toBe(1.5);
  });

  it('frames a range across the width', () => {
    const framed = frameRange(0, 3, 624);
    expect(timeToX(framed, 0)).toBeCloseTo(12, 9);
    expect(timeToX(framed, 3)).toBeCloseTo(612, 9);
  });

  it('snaps to whole frames, and to a nearby key or the playhead within the threshold', () => {
    expect(snapTime(0.51, 30, [], 0.05)).toBeCloseTo(15 / 30, 12);
    expect(snapTime(0.51, 30, [0.53], 0.05)).toBe(0.53);
    expect(snapTime(0.51, 30, [0.7], 0.05)).toBeCloseTo(15 / 30, 12);
    expect(snapTime(-0.2, 30, [], 0.05)).toBe(0);
  });

  const labels = (from: number, to: number, px: number, fps: number) =>
    rulerTicks(from, to, px, fps)
      .filter((tick) => tick.label)
      .map((tick) => tick.label)
      .join(' ');

  it('labels every second at 25 fps (never "20f 5f" across it), frames between', () => {
    // 10-frame labels, as before at 25 fps, skipped 1 s: "0s 10f 20f 5f 15f 2s".
    expect(labels(0, 2, 400, 25)).toBe('0s 5f 10f 15f 20f 1s 5f 10f 15f 20f 2s');
    expect(labels(0, 2, 250, 25)).toBe('0s 1s 2s');
    expect(labels(0, 2, 200, 30)).toBe('0s 10f 20f 1s 10f 20f 2s');
    expect(labels(0, 1, 700, 24)).toBe('0s 3f 6f 9f 12f 15f 18f 21f 1s');
    expect(labels(0, 1, 1500, 60)).toBe(
      '0s 3f 6f 9f 12f 15f 18f 21f 24f 27f 30f 33f 36f 39f 42f 45f 48f 51f 54f 57f 1s',
    );
    expect(labels(0, 2, 220, 29.97)).toBe('0s 10f 20f 1s 10f 20f 2s');
    expect(labels(0, 30, 10, 30)).toBe('0s 10s 20s 30s');
  });

  it('at 24, 25, 30, 29.97 and 60 fps and any zoom: whole seconds read "Ns", frames between, labels apart', () => {
    for (const fps of [24, 25, 30, 29.97, 60]) {
      for (let px = 3; px <= 4000; px *= 1.17) {
        const ticks = rulerTicks(-0.05, 4000 / px, px, fps);
        const labelled = ticks.filter((tick) => tick.label !== null);
        const framesLabelled = labelled.some((tick) => tick.label!.endsWith('f'));
        for (const tick of labelled) {
          const second = Math.round(tick.time);
          if (Math.abs(tick.time - second) < 1e-9) {
            expect(tick.label, `${fps} fps, ${px} px/s, ${tick.time} s`).toBe(`${second}s`);
          } else {
            // A frame label: the tick sits on a whole frame, and counts frames from its second's first frame.
            const frame = Math.round(tick.time * fps);
            expect(Math.abs(tick.time * fps - frame)).toBeLessThan(1e-6);
            const first = Math.ceil(Math.floor(tick.time) * fps - 1e-6);
            expect(tick.label, `${fps} fps, ${px} px/s, ${tick.time} s`).toBe(`${frame - first}f`);
          }
        }
        if (framesLabelled) {
          // Zoomed in to frames: every whole second on screen has its label.
          for (let second = 0; second <= 4000 / px; second++) {
            expect(labelled.some((tick) => tick.label === `${second}s` && tick.time === second)).toBe(true);
          }
        }
        const gaps = labelled.slice(1).map((tick, i) => (tick.time - labelled[i]!.time) * px);
        // At a whole rate labels step evenly; at 29.97 the last label of a second keeps half a step clear.
        const least = Number.isInteger(fps) ? 64 : 32;
        for (const gap of gaps) expect(gap, `${fps} fps, ${px} px/s`).toBeGreaterThanOrEqual(least - 1e-6);
        const times = ticks.map((tick) => tick.time);
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        expect(times.every((time) => time >= 0)).toBe(true);
        expect(new Set(times.map((time) => time.toFixed(9))).size).toBe(times.length);
      }
    }
  });
});
