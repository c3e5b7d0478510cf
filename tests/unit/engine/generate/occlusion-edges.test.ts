import { describe, expect, it } from 'vitest';
import { softenOcclusionEdges } from '../../../../src/main/engine/generate/warp/occlusion-edges';

/** A 20x20 frame: skin (200) left of a stair-stepped edge, background (60) right of it. */
function steppedEdge(depthStep: number) {
  const [width, height] = [20, 20];
  const frame = new Uint8ClampedArray(width * height * 4);
  const depth = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const edge = 6 + Math.floor(y / 3); // one pixel across every third row: a slanted edge, stepped
    for (let x = 0; x < width; x++) {
      const skin = x < edge;
      frame.set(skin ? [200, 160, 140, 255] : [60, 60, 60, 255], (y * width + x) * 4);
      depth[y * width + x] = skin ? 0 : depthStep;
    }
  }
  return { frame, depth, width, height };
}

const WHOLE = { x0: 0, y0: 0, x1: 19, y1: 19 };

describe('occlusion edges after a head turn', () => {
  it('softens an edge where the drawn depth jumps (a cheek in front of the background)', () => {
    const { frame, depth, width, height } = steppedEdge(5);
    softenOcclusionEdges(frame, depth, width, height, 1, WHOLE, []);
    // Row 10: skin to x 8, background from x 9. Both edge pixels now mix the two.
    const at = (x: number, y: number) => frame[(y * width + x) * 4]!;
    expect(at(8, 10)).toBeGreaterThan(80);
    expect(at(8, 10)).toBeLessThan(190);
    expect(at(9, 10)).toBeGreaterThan(70);
    expect(at(9, 10)).toBeLessThan(180);
    // Away from the edge nothing changes.
    expect(at(2, 10)).toBe(200);
    expect(at(15, 10)).toBe(60);
  });

  it('keeps a step sharp inside the boxes it is told to keep (a closing lid over the eye)', () => {
    const { frame, depth, width, height } = steppedEdge(5);
    const before = Uint8ClampedArray.from(frame);
    softenOcclusionEdges(frame, depth, width, height, 1, WHOLE, [{ x0: 4, y0: 0, x1: 16, y1: 19 }]);
    expect(Array.from(frame)).toEqual(Array.from(before));
  });

  it("leaves a colour edge alone where the surface is continuous (the photo's own outline)", () => {
    const { frame, depth, width, height } = steppedEdge(0.2);
    const before = Uint8ClampedArray.from(frame);
    softenOcclusionEdges(frame, depth, width, height, 1, WHOLE, []);
    expect(Array.from(frame)).toEqual(Array.from(before));
  });
});
