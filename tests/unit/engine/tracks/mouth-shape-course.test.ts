import { describe, expect, it } from 'vitest';
import { getBlendshapeBasis, LipGather } from '../../../../src/shared/rig';
import { median3, mouthShapeCourse } from '../../../../src/main/engine/tracks/mouth-shape-course';

/** The canonical face in image pixels (x right, y down), its inner mouth corners pulled in by `gather`. */
function face(gather: number, jitter = 0): Float64Array {
  const neutral = getBlendshapeBasis().neutral;
  const points = Float64Array.from(neutral, (v, j) => (j % 3 === 1 ? -v : v) * 200 + 300);
  for (const [corner, side] of [
    [78, 1],
    [308, -1],
  ] as const) {
    points[corner * 3] = points[corner * 3]! + side * gather * 20 + jitter;
  }
  return points;
}

describe('mouthShapeCourse (the mouth width the video fit reads puckers from)', () => {
  it('follows the unsmoothed landmarks at a pucker onset, where the smoothed ones lag', () => {
    // Frames 0-5 at rest, 6-11 gathered. The "smoothed" landmarks reach the gather two frames late.
    const frames = Array.from({ length: 12 }, (_, index) => ({
      index,
      landmarks: face(index < 6 ? 0 : index < 8 ? (index - 5) / 3 : 1),
      rawLandmarks: face(index < 6 ? 0 : 1),
    }));
    const widths = mouthShapeCourse(frames).map(([width]) => width);
    const rest = LipGather.mouthShape(face(0))[0];
    const gathered = LipGather.mouthShape(face(1))[0];
    // The onset frame already shows most of the narrowing (the smoothed landmarks show a third).
    expect((rest - widths[6]!) / (rest - gathered)).toBeGreaterThan(0.7);
    expect((rest - widths[7]!) / (rest - gathered)).toBeGreaterThan(0.95);
    // No lead either: two frames before the onset the width is the rest's (within the quadratic
    // filter's small overshoot, 3/35 of the step).
    expect(Math.abs(widths[4]! - rest) / (rest - gathered)).toBeLessThan(0.1);
  });

  it('measures on the smoothed landmarks where a frame has no unsmoothed ones', () => {
    const frames = Array.from({ length: 6 }, (_, index) => ({ index, landmarks: face(0.5) }));
    for (const [width] of mouthShapeCourse(frames)) expect(width).toBeCloseTo(LipGather.mouthShape(face(0.5))[0], 9);
  });

  it('removes a one-frame outlier and keeps a step', () => {
    expect(Array.from(median3([0, 0, 5, 0, 0, 1, 1, 1]))).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
  });
});
