import { describe, expect, it } from 'vitest';
import { computeDetailMap, sampleDetail, sampleSkin } from '../../../../src/main/engine/generate/warp/detail-map';
import {
  applyRatio,
  DETAIL_RATIO_MAX,
  DETAIL_RATIO_MIN,
  detailRatio,
} from '../../../../src/main/engine/generate/warp/expression-detail';

/**
 * The ratio math of the expression detail layer on synthetic pictures: a skin-coloured square with
 * dark horizontal lines (the expression source) and the same square without them (the portrait).
 */
const SIZE = 192;
const SKIN = [200, 150, 120] as const;
/** Lines 2 px thick every 16 px, at `depth` of the skin's brightness. */
const isLine = (y: number) => y % 16 === 7 || y % 16 === 8;

function picture(depth: number | null) {
  const data = new Uint8Array(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    const gain = depth !== null && isLine(y) ? depth : 1;
    for (let x = 0; x < SIZE; x++) data.set([...SKIN.map((c) => Math.round(c * gain)), 255], (y * SIZE + x) * 4);
  }
  return { data, width: SIZE, height: SIZE };
}

/** 468 "landmarks" spread over the square, so the face box is the whole picture; the face is 160 px wide. */
const landmarks = (() => {
  const out = new Float32Array(478 * 3);
  for (let i = 0; i < 478; i++) {
    out[i * 3] = 4 + ((i * 37) % 185);
    out[i * 3 + 1] = 4 + ((i * 53) % 185);
  }
  out.set([0, 0, 0], 0);
  out.set([SIZE - 1, SIZE - 1, 0], 3);
  return out;
})();
const FACE = 160;

/** The portrait's pixels with the layer applied at `alpha` (identity correspondence: same pixel on both). */
async function transferred(alpha: number, depth: number) {
  const [source, own] = await Promise.all([
    computeDetailMap(picture(depth), landmarks, FACE),
    computeDetailMap(picture(null), landmarks, FACE),
  ]);
  const frame = new Uint8ClampedArray(picture(null).data);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const s = sampleDetail(source, x + 0.5, y + 0.5);
      const o = sampleDetail(own, x + 0.5, y + 0.5);
      applyRatio(frame, (y * SIZE + x) * 4, detailRatio(alpha, s, o));
    }
  }
  return { frame, source, own };
}

/** Mean red of the line rows and of the rows half way between them, away from the picture's edges. */
function rows(frame: Uint8ClampedArray) {
  let line = 0;
  let lines = 0;
  let between = 0;
  let betweens = 0;
  for (let y = 32; y < SIZE - 32; y++) {
    for (let x = 32; x < SIZE - 32; x++) {
      const red = frame[(y * SIZE + x) * 4]!;
      if (isLine(y)) {
        line += red;
        lines++;
      } else if (y % 16 === 15 || y % 16 === 0) {
        between += red;
        betweens++;
      }
    }
  }
  return { line: line / lines, between: between / betweens };
}

describe('expression detail: ratio images', () => {
  it("measures a flat picture's detail as 1 and a dark line's as below 1", async () => {
    const { source, own } = await transferred(1, 0.8);
    expect(Math.abs(sampleDetail(own, 96.5, 96.5) - 1)).toBeLessThan(1e-3);
    // The middle of a line (rows 7 and 8 meet at y = 8): 20% darker, a little less after the fine blur.
    const onLine = sampleDetail(source, 96.5, 96 + 8);
    expect(onLine).toBeLessThan(0.9);
    expect(onLine).toBeGreaterThan(0.75);
    // Flat skin is skin; outside the face's box there is no detail.
    expect(sampleSkin(own, 96.5, 96.5)).toBe(1);
    expect(sampleDetail(own, -50, -50)).toBe(1);
  });

  it("draws the source's lines on the portrait at alpha 1, nothing at 0, half as deep at 0.5", async () => {
    const full = rows((await transferred(1, 0.8)).frame);
    const half = rows((await transferred(0.5, 0.8)).frame);
    const none = await transferred(0, 0.8);
    // At 1 the lines are 10-25% darker than the skin between them (the source's are 20%).
    const depthAt1 = 1 - full.line / full.between;
    console.log(`line depth at 1: ${depthAt1.toFixed(3)}, at 0.5: ${(1 - half.line / half.between).toFixed(3)}`);
    expect(depthAt1).toBeGreaterThan(0.1);
    expect(depthAt1).toBeLessThan(0.25);
    const depthAtHalf = 1 - half.line / half.between;
    expect(depthAtHalf).toBeGreaterThan(0.4 * depthAt1);
    expect(depthAtHalf).toBeLessThan(0.6 * depthAt1);
    // At 0 every pixel is the portrait's, bit for bit.
    expect(Buffer.from(none.frame).equals(Buffer.from(picture(null).data))).toBe(true);
  });

  it('leaves out faint mottle under the coring threshold (2% lines do not travel)', async () => {
    const faint = rows((await transferred(1, 0.98)).frame);
    expect(Math.abs(1 - faint.line / faint.between)).toBeLessThan(0.005);
  });

  it('clamps the ratio (a black line darkens by at most 40%) and keeps the colour', async () => {
    const { frame } = await transferred(1, 0);
    let darkest = Infinity;
    for (let i = 0; i < frame.length; i += 4) {
      darkest = Math.min(darkest, frame[i]! / SKIN[0]);
      // One ratio for red, green and blue: the hue is the skin's (within rounding).
      expect(Math.abs(frame[i + 1]! / frame[i]! - SKIN[1] / SKIN[0])).toBeLessThan(0.02);
    }
    expect(darkest).toBeGreaterThanOrEqual(DETAIL_RATIO_MIN - 1 / 200);
    expect(darkest).toBeLessThan(DETAIL_RATIO_MIN + 1 / 200);
    expect(detailRatio(1, 0.1, 1)).toBe(DETAIL_RATIO_MIN);
    expect(detailRatio(1, 2, 1)).toBe(DETAIL_RATIO_MAX);
    expect(detailRatio(0, 0.1, 1)).toBe(1);
  });

  it("removes the portrait's own lines where the source has none (the detail is replaced, not added)", () => {
    // Portrait line 0.8, source flat 1: the render's 0.8 is lifted by 1.2 (clamped to the maximum).
    expect(detailRatio(1, 1, 0.8)).toBeCloseTo(Math.min(1.2, DETAIL_RATIO_MAX), 6);
    expect(detailRatio(1, 0.9, 0.9)).toBe(1);
  });
});
