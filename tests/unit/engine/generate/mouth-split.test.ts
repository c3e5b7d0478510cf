import { describe, expect, it } from 'vitest';
import { DEFAULT_UPPER_SHARE, photoMouthSplit } from '../../../../src/main/engine/generate/warp/mouth-split';
import type { PhotoColours } from '../../../../src/main/engine/generate/warp/photo-colours';
import { LOWER_INNER_LIP, UPPER_INNER_LIP } from '../../../../src/main/engine/generate/warp/warp-topology';

/**
 * A 100 x 60 photo with a mouth from x 20 to 80: upper inner lip at y 20, lower inner lip at y 40
 * (a 20 px opening), lip-coloured rows first, then what each case paints between.
 */
const LIP: [number, number, number] = [200, 130, 130];
const TOOTH: [number, number, number] = [240, 235, 225];
const DARK: [number, number, number] = [60, 30, 30];

function mouthPhoto(rows: (y: number) => [number, number, number]) {
  const width = 100;
  const height = 60;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([...(y >= 20 && y < 40 ? rows(y) : LIP), 255], (y * width + x) * 4);
  }
  const landmarks = new Float32Array(478 * 3);
  const place = (loop: readonly number[], y: number) =>
    loop.forEach((index, i) => landmarks.set([20 + (60 * i) / (loop.length - 1), y, 0], index * 3));
  place(UPPER_INNER_LIP, 20);
  place(LOWER_INNER_LIP, 40);
  // The corners are shared by both loops: on the corners' line.
  landmarks.set([20, 30, 0], 78 * 3);
  landmarks.set([80, 30, 0], 308 * 3);
  return { image: { data, width, height }, landmarks };
}

const colours = (teethFromPhoto: boolean): PhotoColours => ({
  lip: LIP,
  skin: [220, 180, 160],
  teeth: TOOTH,
  teethFromPhoto,
  sclera: { right: TOOTH, left: TOOTH },
  iris: { right: DARK, left: DARK },
});

const middle = (shares: Float32Array) => shares.slice(16, 48);

describe('where the photo mouth interior parts as the jaw opens', () => {
  it('keeps upper teeth that reach the lower lip whole with the upper lip', () => {
    // 3 px of lip shadow, then teeth down to the lower lip (a smile showing the upper teeth only).
    const { image, landmarks } = mouthPhoto((y) => (y < 23 ? LIP : TOOTH));
    for (const share of middle(photoMouthSplit(image, landmarks, colours(true)))) expect(share).toBeGreaterThan(0.99);
  });

  it('splits at the end of the upper teeth when a darker gap lies under them', () => {
    // Teeth from 21 to 33 (65% of the opening), dark below.
    const { image, landmarks } = mouthPhoto((y) => (y < 21 ? LIP : y < 33 ? TOOTH : DARK));
    for (const share of middle(photoMouthSplit(image, landmarks, colours(true)))) {
      expect(share).toBeGreaterThan(0.6);
      expect(share).toBeLessThan(0.7);
    }
  });

  it('keeps the fixed share without teeth in the photo', () => {
    const { image, landmarks } = mouthPhoto(() => DARK);
    for (const share of photoMouthSplit(image, landmarks, colours(true)))
      expect(share).toBeCloseTo(DEFAULT_UPPER_SHARE, 5);
    for (const share of photoMouthSplit(image, landmarks, colours(false)))
      expect(share).toBeCloseTo(DEFAULT_UPPER_SHARE, 5);
  });
});
