import { describe, expect, it } from 'vitest';
import { ARKIT_BLENDSHAPE_NAMES, blendshapeIndex } from '../../../src/shared/rig/arkit-names';
import { parseBlendshapeJson } from '../../../src/shared/rig/formats/blendshape-json';

const categories = (values: Record<string, number>) => [
  { categoryName: '_neutral', score: 0.1 },
  ...ARKIT_BLENDSHAPE_NAMES.map((name) => ({ categoryName: name, score: values[name] ?? 0 })),
];

describe('MediaPipe blendshape JSON', () => {
  it('imports plain per-frame categories at the given frame rate', () => {
    const text = JSON.stringify([
      { categories: categories({ jawOpen: 0.4 }) },
      { categories: categories({ jawOpen: 0.6 }) },
    ]);
    const tracks = parseBlendshapeJson(text, { fps: 25 });
    expect(tracks.frameCount).toBe(2);
    expect(tracks.times[1]).toBeCloseTo(0.04, 9);
    expect(tracks.coefficients[52 + blendshapeIndex('jawOpen')]).toBeCloseTo(0.6, 6);
  });

  it('imports FaceLandmarker results with timestamps', () => {
    const frames = [
      { timestampMs: 1000, faceBlendshapes: [{ categories: categories({ mouthSmileLeft: 0.9 }), headIndex: -1 }] },
      { timestampMs: 1033, faceBlendshapes: [{ categories: categories({ mouthSmileLeft: 0.8 }) }] },
    ];
    const tracks = parseBlendshapeJson(frames, { fps: 30 });
    expect(tracks.startSeconds).toBe(1);
    expect(tracks.times[1]).toBeCloseTo(0.033, 9);
    expect(tracks.coefficients[blendshapeIndex('mouthSmileLeft')]).toBeCloseTo(0.9, 6);
  });

  it('reports the frame and category of a malformed entry', () => {
    const frames = [{ categories: categories({}) }, { categories: categories({}) }];
    // Category 5 is the fifth ARKit name (browOuterUpRight): MediaPipe lists _neutral first.
    (frames[1]!.categories[5] as { score: unknown }).score = 'high';
    expect(() => parseBlendshapeJson(frames, { fps: 30 })).toThrow(
      "frame 1, category 5: score of 'browOuterUpRight' must be a number",
    );
    expect(() => parseBlendshapeJson([{ categories: [{ categoryName: 'smile', score: 1 }] }], { fps: 30 })).toThrow(
      "frame 0, category 0: 'smile' is not an ARKit blendshape name",
    );
    expect(() => parseBlendshapeJson('[{"categories": [}]', { fps: 30 })).toThrow(/not valid JSON/);
    expect(() => parseBlendshapeJson('{}', { fps: 30 })).toThrow('expected a JSON array of frames');
  });
});
