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

  it('keeps fine detail through a sub-pixel shift when sharp (full renders), and an unmoved photo exact', () => {
    // Fine texture (seeded noise) moved by half a pixel: bilinear averages each pair of neighbours,
    // Catmull-Rom keeps much more of the texture (second differences: the detail a blur removes).
    const width = 64;
    const data = new Uint8Array(width * width * 4);
    let seed = 12345;
    for (let y = 0; y < width; y++) {
      for (let x = 0; x < width; x++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        data.set([seed >>> 24, 100, 100, 255], (y * width + x) * 4);
      }
    }
    const texture = buildPyramid({ data, width, height: width })[0]!;
    const detailAfter = (sharp: boolean, shift: number): number => {
      const raster = createRaster(width, width);
      const frame = new Uint32Array(width * width);
      // Inside the photo by a few pixels, where the sampler needs no edge clamps (as for a face).
      const frameXY = Float32Array.from([4, 4, 60, 4, 60, 60, 4, 60]);
      const sourceXY = frameXY.map((v, i) => (i % 2 === 0 ? v + shift : v));
      rasterizeWarp(
        raster,
        texture,
        frame,
        frameXY,
        sourceXY,
        new Float32Array(4),
        Uint32Array.from([0, 1, 2, 0, 2, 3]),
        Uint8Array.from([SURFACE.skin, SURFACE.skin]),
        none,
        sharp,
      );
      return detail(frame);
    };
    const detail = (pixels: Uint32Array): number => {
      let sum = 0;
      for (let y = 8; y < 56; y++) {
        for (let x = 8; x < 56; x++) {
          const at = (dx: number) => pixels[y * width + x + dx]! & 255;
          sum += (2 * at(0) - at(-1) - at(1)) ** 2;
        }
      }
      return sum;
    };
    const photo = detail(texture.pixels);
    // Unmoved: the photo's own pixels (to rounding along the triangles' shared edge).
    expect(detailAfter(true, 0) / photo).toBeCloseTo(1, 2);
    expect(detailAfter(false, 0) / photo).toBeCloseTo(1, 2);
    const bilinear = detailAfter(false, 0.5);
    const cubic = detailAfter(true, 0.5);
    // Measured: bilinear 17% of the photo's second-difference energy, Catmull-Rom 29% (white noise
    // at half a pixel is the worst case for any interpolator; on real photos see docs/generator.md).
    expect(bilinear / photo).toBeLessThan(0.2);
    expect(cubic / photo).toBeGreaterThan(0.26);
  });
});
