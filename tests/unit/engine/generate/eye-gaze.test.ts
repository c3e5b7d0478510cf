import { describe, expect, it } from 'vitest';
import { eyeballRows, shadeEyePixel, type EyeShading } from '../../../../src/main/engine/generate/warp/eye-shading';
import { irisExtent } from '../../../../src/main/engine/generate/warp/iris-extent';
import { FrameSampler, type PyramidLevel } from '../../../../src/main/engine/generate/warp/source-pyramid';

/**
 * An eye 60 px wide: lids at y 24 and 56 (x 30..90), the sclera shaded by the upper lid (grey 140
 * at the top to 220 at the bottom), an iris of radius 12 at (60, 40) with a dark limbal ring, whose
 * landmark radius is said to be 9 (the landmark model's contour sits inside the ring).
 */
const IRIS = { x: 60, y: 40, radius: 12, landmarkRadius: 9 };
const sclera = (y: number) => 140 + (80 * (y - 24)) / 32;

function eyeImage(): PyramidLevel {
  const width = 120;
  const height = 80;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.hypot(x + 0.5 - IRIS.x, y + 0.5 - IRIS.y);
      const v = d < IRIS.radius - 2 ? 70 : d < IRIS.radius ? 35 : y >= 24 && y < 56 ? sclera(y + 0.5) : 180;
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height, scale: 1, pixels: new Uint32Array(data.buffer) };
}

const lid = (y: number) => Float32Array.from([30, y, 60, y, 90, y]);
const opening = Float64Array.from([30, 24, 90, 24, 90, 56, 30, 56]);

function lookRight(level: PyramidLevel, by: number) {
  const extent = irisExtent(level, opening, [IRIS.x, IRIS.y], IRIS.landmarkRadius, [70, 70, 70], [190, 190, 190]);
  const radius = IRIS.landmarkRadius * extent;
  const eye: EyeShading = {
    alpha: 1,
    targetX: IRIS.x + by,
    targetY: IRIS.y,
    targetRadius: radius,
    targetUpper: lid(24),
    targetLower: lid(56),
    sourceX: IRIS.x,
    sourceY: IRIS.y,
    sourceRadius: radius,
    scleraRows: eyeballRows(radius),
    sourceUpper: lid(24),
    sourceLower: lid(56),
    perFramePixel: 1,
    sclera: [190, 190, 190],
    iris: [70, 70, 70],
  };
  const sampler = new FrameSampler();
  sampler.level = level;
  const out = new Uint8ClampedArray(4);
  sampler.frame32 = new Uint32Array(out.buffer);
  // The mesh warp leaves the eye's pixels in place (the lids do not move): each pixel starts as the photo's.
  return {
    extent,
    at(x: number, y: number): number {
      sampler.sample(x, y, 0);
      shadeEyePixel(eye, x, y, x, y, sampler, out, 0);
      return out[0]!;
    },
  };
}

describe('the eyeball when the gaze moves', () => {
  it('finds the iris edge beyond the landmark radius', () => {
    const { extent } = lookRight(eyeImage(), 0);
    expect(extent * IRIS.landmarkRadius).toBeGreaterThan(IRIS.radius - 1);
    expect(extent * IRIS.landmarkRadius).toBeLessThan(IRIS.radius + 2);
  });

  it("fills the iris's old place with the sclera beside it, shaded as the sclera is, with no ring left", () => {
    const { at } = lookRight(eyeImage(), 14);
    // Where the iris was and no longer is (its left part), row by row against the sclera's own shade.
    let worst = 0;
    for (let y = 30.5; y < 51; y += 2) {
      for (let x = 47.5; x < 52; x += 1) worst = Math.max(worst, Math.abs(at(x, y) - sclera(y)));
    }
    expect(worst).toBeLessThan(16);
    // The moved iris is whole: its dark ring on the far side too.
    expect(at(IRIS.x + 14 + IRIS.radius - 1, IRIS.y)).toBeLessThan(60);
  });
});
