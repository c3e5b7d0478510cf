import { describe, expect, it } from 'vitest';
import {
  frameRange,
  panBy,
  rulerStep,
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

  it('picks readable ruler steps: frames when zoomed in, seconds when zoomed out', () => {
    expect(rulerStep(2000, 30).major).toBeCloseTo(1 / 30, 12);
    expect(rulerStep(1500, 30).major).toBeCloseTo(2 / 30, 12);
    expect(rulerStep(100, 30).major).toBe(1);
    expect(rulerStep(10, 30).major).toBe(10);
    const { major, minor } = rulerStep(160, 24);
    expect(major / minor).toBeCloseTo(Math.round(major / minor), 9);
  });
});
