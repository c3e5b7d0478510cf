import { describe, expect, it } from 'vitest';
import {
  MOUTH_LUT_SIZE,
  shadeMouthPixel,
  type MouthShading,
} from '../../../../src/main/engine/generate/warp/mouth-interior';
import { FrameSampler, type PyramidLevel } from '../../../../src/main/engine/generate/warp/source-pyramid';

/**
 * Painted teeth in a mouth 100 px wide whose lips are parted 30 px (upper inner lip 10 px above
 * the corners' line, lower 20 px below), over a photo that showed no teeth, in a full smile.
 */
function partedMouth(bite: number): MouthShading {
  const columns = (v: number) => new Float32Array(MOUTH_LUT_SIZE).fill(v);
  return {
    alpha: 1,
    donor: null,
    originX: 0,
    originY: 50,
    axisX: 1,
    axisY: 0,
    width: 100,
    upper: columns(-10),
    lower: columns(20),
    paint: columns(1),
    lip: [180, 90, 90],
    teeth: [235, 228, 215],
    photoShowsTeeth: false,
    teethExposure: 1,
    bite: columns(bite),
    source: photoMouth(0, 0),
  };
}

/** The photo's mouth in the same place, its inner lips at v `upper` and `lower`. */
function photoMouth(upper: number, lower: number): MouthShading['source'] {
  const columns = (v: number) => new Float32Array(MOUTH_LUT_SIZE).fill(v);
  return {
    originX: 0,
    originY: 50,
    axisX: 1,
    axisY: 0,
    width: 100,
    upper: columns(upper),
    lower: columns(lower),
    perFramePixel: 1,
  };
}

/** A sampler over `level` writing into a one-pixel buffer. */
function onePixelSampler(level: PyramidLevel): { sampler: FrameSampler; out: Uint8ClampedArray } {
  const sampler = new FrameSampler();
  sampler.level = level;
  const out = new Uint8ClampedArray(4);
  sampler.frame32 = new Uint32Array(out.buffer);
  return { sampler, out };
}

/** Share of the incisors' columns (the middle fifth) between the lips that is cavity-dark. */
function darkShare(mouth: MouthShading): number {
  const level: PyramidLevel = { data: new Uint8Array(4), width: 1, height: 1, scale: 1, pixels: new Uint32Array(1) };
  const { sampler, out } = onePixelSampler(level);
  let [dark, all] = [0, 0];
  for (let x = 40; x < 60; x++) {
    for (let y = 41; y < 70; y++) {
      out.set([200, 150, 140, 255]);
      shadeMouthPixel(mouth, x + 0.5, y + 0.5, sampler, out, 0);
      all++;
      if (0.299 * out[0]! + 0.587 * out[1]! + 0.114 * out[2]! < 70) dark++;
    }
  }
  return dark / all;
}

describe('painted teeth rows', () => {
  it('meet at the bite when the jaw is closed, and part as it drops', () => {
    const closed = darkShare(partedMouth(0));
    const dropped = darkShare(partedMouth(18));
    // Lips 30 px apart over a closed jaw: the rows (at most whole crowns, 20 + 13 px) fill the gap.
    expect(closed).toBeLessThan(0.08);
    // The jaw holding the edges 18 px apart: the rows keep their share of the lips' gap (a smile's
    // lips draw back over the teeth) with the dark of the open mouth between them.
    expect(dropped).toBeGreaterThan(closed + 0.08);
  });
});

describe("the photo's own teeth carried by the lips", () => {
  it('meet the painted gap with a soft edge, not a stair step', () => {
    // The photo's lips 10 px apart, bright teeth between them; the edit opens them to 30 px.
    const width = 100;
    const height = 100;
    const data = new Uint8Array(width * height * 4).fill(40);
    for (let y = 45; y < 55; y++) for (let x = 0; x < width; x++) data.set([235, 230, 220, 255], (y * width + x) * 4);
    const level: PyramidLevel = { data, width, height, scale: 1, pixels: new Uint32Array(data.buffer) };
    const mouth: MouthShading = { ...partedMouth(0), photoShowsTeeth: true, source: photoMouth(-5, 5) };
    const { sampler, out } = onePixelSampler(level);
    // Down the middle column from the upper lip (y 40) across the end of the carried upper teeth
    // (6 px: 60% of the photo's gap), a sample every quarter pixel.
    const between: number[] = [];
    for (let y = 40 + 4; y <= 40 + 8; y += 0.25) {
      out.set([200, 150, 140, 255]);
      shadeMouthPixel(mouth, 50.5, y, sampler, out, 0);
      if (out[0]! > 70 && out[0]! < 200) between.push(y);
    }
    expect(between.length).toBeGreaterThanOrEqual(3);
  });
});
