import { describe, expect, it } from 'vitest';
import {
  applySimilarity,
  fitSimilarity,
  invertSimilarity,
  pasteBack,
} from '../../../../src/main/engine/generate/compositing';

const solid = (width: number, height: number, rgb: [number, number, number]) => {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return { data, width, height };
};

describe('similarity transforms', () => {
  it('fits a rotation, scale and shift exactly from three points and inverts it', () => {
    const angle = 0.3;
    const truth = { a: 2 * Math.cos(angle), b: 2 * Math.sin(angle), tx: 5, ty: -7 };
    const from = [10, 20, 40, 22, 25, 60];
    const to = [0, 1, 2].flatMap((i) => applySimilarity(truth, from[i * 2]!, from[i * 2 + 1]!));
    const fitted = fitSimilarity(from, to);
    for (const key of ['a', 'b', 'tx', 'ty'] as const) expect(fitted[key]).toBeCloseTo(truth[key], 9);
    const [x, y] = applySimilarity(invertSimilarity(fitted), ...applySimilarity(fitted, 3, 4));
    expect(x).toBeCloseTo(3, 9);
    expect(y).toBeCloseTo(4, 9);
  });
});

describe('pasteBack', () => {
  const square = [20, 20, 80, 20, 80, 80, 20, 80];

  it('changes only pixels inside the polygon, fully deep inside and softly at the edge', () => {
    const photo = solid(100, 100, [200, 100, 50]);
    // A patch of the photo's own mean colour with some texture: colour matching keeps it.
    const patch = solid(10, 10, [0, 0, 0]);
    for (let i = 0; i < 100; i++) patch.data.set(i % 2 ? [210, 110, 60] : [190, 90, 40], i * 4);
    const out = pasteBack({ photo, patch, photoToPatch: { a: 0.1, b: 0, tx: 0, ty: 0 }, polygon: square, feather: 10 });
    const at = (x: number, y: number) => Array.from(out.data.subarray((y * 100 + x) * 4, (y * 100 + x) * 4 + 3));
    expect(at(5, 5)).toEqual([200, 100, 50]);
    expect(at(95, 50)).toEqual([200, 100, 50]);
    expect(photo.data[0]).toBe(200);
    // Deep inside the patch shows (its texture), not the flat photo.
    const inside = [at(50, 50), at(51, 50)];
    expect(inside[0]).not.toEqual(inside[1]);
  });

  it('matches the patch to the photo’s colours over the mask (no colour step at the edge)', () => {
    const photo = solid(100, 100, [180, 120, 90]);
    const patch = solid(8, 8, [40, 200, 250]);
    const out = pasteBack({
      photo,
      patch,
      photoToPatch: { a: 0.08, b: 0, tx: 0, ty: 0 },
      polygon: square,
      feather: 8,
    });
    const o = (50 * 100 + 50) * 4;
    // A flat patch of another colour takes the photo's mean: the middle equals the photo there.
    expect(Math.abs(out.data[o]! - 180)).toBeLessThanOrEqual(1);
    expect(Math.abs(out.data[o + 1]! - 120)).toBeLessThanOrEqual(1);
    expect(Math.abs(out.data[o + 2]! - 90)).toBeLessThanOrEqual(1);
  });
});
