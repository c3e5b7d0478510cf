import { describe, expect, it } from 'vitest';
import { shadeLidPixel, type LidShading } from '../../../../src/main/engine/generate/warp/eye-shading';
import { lidTone } from '../../../../src/main/engine/generate/warp/lid-tone';
import { FrameSampler, type PyramidLevel } from '../../../../src/main/engine/generate/warp/source-pyramid';

/**
 * A deep-set eye: the skin between the fold (y 54) and the row above it (y 40) is the socket's
 * shadow (grey 90) with strong vertical texture (columns alternate +-30), and so is the thin band of
 * lid the photo shows down to the lashes (y 60); the skin under the lower lid (y 72 down) is lit
 * (190, fine noise). Upper lid margin at y 60, x 60..140.
 */
function deepSetEye(): PyramidLevel {
  const width = 200;
  const height = 120;
  const data = new Uint8Array(width * height * 4);
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 9) - 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const socket = y >= 38 && y < 56;
      // The thin visible lid between the fold and the lashes: dark and streaky (lashes, shadow).
      const band = y >= 56 && y < 62;
      const value = socket || band ? 90 + (x % 2 === 0 ? 30 : -30) : y >= 72 ? 190 + noise() : 150;
      data.set([value, value, value, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height, scale: 1, pixels: new Uint32Array(data.buffer) };
}

const line = (y: number) => Float32Array.from([60, y, 100, y, 140, y]);

function closedLid(level: PyramidLevel) {
  const [margin, fold, above, lower] = [line(60), line(54), line(40), line(72)];
  const tone = lidTone(level, margin, fold, above, lower);
  expect(tone).not.toBeNull();
  const lid: LidShading = { closure: 1, stretch: 3, margin, fold, above, lower, tone: tone! };
  const sampler = new FrameSampler();
  sampler.level = level;
  const out = new Uint8ClampedArray(4);
  sampler.frame32 = new Uint32Array(out.buffer);
  /** The drawn lid at source point (x, y) of the band, over the photo's own pixel there. */
  return (x: number, y: number): number => {
    sampler.sample(x, y, 0);
    shadeLidPixel(lid, x, y, sampler, out, 0);
    return out[0]!;
  };
}

describe('the closed upper lid', () => {
  it('takes a lit tone between the socket and the skin under the eye, not the socket shadow', () => {
    const shade = closedLid(deepSetEye());
    const middle = [];
    for (let x = 85; x <= 115; x++) middle.push(shade(x + 0.5, 57.5)); // v 0.42: the lid's lower middle
    const mean = middle.reduce((s, v) => s + v, 0) / middle.length;
    // Socket 90, under the eye 190: the lid is lit like both together, far from the shadow.
    expect(mean).toBeGreaterThan(125);
    expect(mean).toBeLessThan(175);
  });

  it('does not stretch the texture above the fold into vertical streaks', () => {
    const shade = closedLid(deepSetEye());
    const row = [];
    for (let x = 85; x <= 115; x++) row.push(shade(x + 0.5, 57.5));
    let steps = 0;
    for (let i = 1; i < row.length; i++) steps += Math.abs(row[i]! - row[i - 1]!);
    // The socket's columns alternate by 60 levels; drawn over the lid they would step ~30+ a column.
    expect(steps / (row.length - 1)).toBeLessThan(8);
  });
});
