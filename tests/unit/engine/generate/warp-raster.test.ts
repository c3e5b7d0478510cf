import { describe, expect, it } from 'vitest';
import {
  createRaster,
  fillUncovered,
  rasterizeWarp,
  SURFACE,
  type SurfaceShader,
} from '../../../../src/main/engine/generate/warp/coordinate-map';
import { buildPyramid, samplePacked } from '../../../../src/main/engine/generate/warp/source-pyramid';

/** A 64 x 64 photo whose every pixel encodes its own position (red = x * 4, green = y * 4). */
function gradientPhoto() {
  const width = 64;
  const height = 64;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x * 4, y * 4, 100, 255], (y * width + x) * 4);
  }
  return buildPyramid({ data, width, height })[0]!;
}

const none: SurfaceShader = { shade: () => undefined };

describe('warp raster', () => {
  const level = gradientPhoto();

  it('reproduces the photo through an identity mesh, sampling pixel centres exactly', () => {
    const raster = createRaster(64, 64);
    const frame = new Uint32Array(64 * 64);
    const xy = Float32Array.from([0, 0, 64, 0, 64, 64, 0, 64]);
    rasterizeWarp(
      raster,
      level,
      frame,
      xy,
      xy,
      new Float32Array(4),
      Uint32Array.from([0, 1, 2, 0, 2, 3]),
      Uint8Array.from([SURFACE.skin, SURFACE.skin]),
      none,
    );
    expect(Array.from(frame)).toEqual(Array.from(level.pixels));
  });

  it('scales and shifts by the triangle map, keeps the nearer of two overlapping triangles, leaves uncovered pixels to fillUncovered', () => {
    const raster = createRaster(32, 32);
    const frame = new Uint32Array(32 * 32);
    // Two triangles over the same frame area: the first maps to the photo's left half, the second
    // (nearer) to its right half; a third corner of the frame stays uncovered.
    const frameXY = Float32Array.from([0, 0, 32, 0, 0, 32, 0, 0, 32, 0, 0, 32]);
    const sourceXY = Float32Array.from([0, 0, 32, 0, 0, 64, 32, 0, 64, 0, 32, 64]);
    const depth = Float32Array.from([5, 5, 5, 1, 1, 1]);
    const shaded: number[] = [];
    const shader: SurfaceShader = {
      shade: (surface, _fx, _fy, _sx, _sy, index) => shaded.push(surface * 10000 + index),
    };
    rasterizeWarp(
      raster,
      level,
      frame,
      frameXY,
      sourceXY,
      depth,
      Uint32Array.from([0, 1, 2, 3, 4, 5]),
      Uint8Array.from([SURFACE.skin, SURFACE.mouth]),
      shader,
    );
    const red = (word: number) => word & 255;
    const green = (word: number) => (word >>> 8) & 255;
    // Frame pixel (4, 8) lies in both; the nearer maps it to source (32 + 4.5, 8.5 * 2) ~ red 144, green 68.
    const pixel = frame[8 * 32 + 4]!;
    expect(red(pixel)).toBeGreaterThanOrEqual(142);
    expect(red(pixel)).toBeLessThanOrEqual(146);
    expect(green(pixel)).toBeGreaterThanOrEqual(64);
    expect(green(pixel)).toBeLessThanOrEqual(70);
    expect(shaded).toContain(SURFACE.mouth * 10000 + 8 * 32 + 4);
    // Beyond the diagonal nothing is drawn until fillUncovered shows the photo there.
    expect(raster.depth[30 * 32 + 30]).toBe(Infinity);
    expect(frame[30 * 32 + 30]).toBe(0);
    fillUncovered(raster, level, frame, 2, 0, 0);
    expect(frame[30 * 32 + 30]).toBe(samplePacked(level, 61, 61));
  });
});
