import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pasteBack } from '../../../../src/main/engine/generate/compositing';
import {
  maxOfMasks,
  pasteMaskAlpha,
  pasteMaskAtlases,
  pasteMaskOnPhoto,
} from '../../../../src/main/engine/stylegan/paste-mask';
import { greyImage, MASK_ATLAS_SIZE } from '../../../../src/shared/masks';

const info = {
  layers: [
    { id: 'layer-0', name: 'Coarse 1', controls: '', defaultAlpha: 0 },
    { id: 'layer-1', name: 'Middle 2', controls: '', defaultAlpha: 1 },
    { id: 'layer-2', name: 'Fine 3', controls: '', defaultAlpha: 1 },
  ],
};
const landmarks = (
  JSON.parse(
    readFileSync(resolve(import.meta.dirname, '../../../integration/face/expected/astronaut-landmarks.json'), 'utf8'),
  ) as { landmarks: number[] }
).landmarks;

describe('the style backend paste mask', () => {
  it('is limited only when every mixed layer has a mask (an unmasked one applies everywhere)', () => {
    const full = greyImage(4, 4, 255);
    const half = greyImage(4, 4, 0);
    half.data.fill(200, 0, 8);
    // layer-1 and layer-2 mix by default; layer-0 (alpha 0) does not count.
    expect(pasteMaskAtlases(info, {}, { 'layer-1': half })).toBeNull();
    expect(pasteMaskAtlases(info, {}, { 'layer-1': half, 'layer-2': full })).toEqual([half, full]);
    expect(pasteMaskAtlases(info, { 'layer-2': 0 }, { 'layer-1': half })).toEqual([half]);
    expect(pasteMaskAtlases(info, { 'layer-1': 0, 'layer-2': 0 }, { 'layer-1': half })).toBeNull();
    const low = greyImage(4, 4, 50);
    expect(Array.from(maxOfMasks([half, low]).data.slice(6, 10))).toEqual([200, 200, 50, 50]);
  });

  it('lays a painted atlas on the astronaut: inside the face where painted, 0 off the face and where unpainted', () => {
    const mask = greyImage(MASK_ATLAS_SIZE, MASK_ATLAS_SIZE, 255);
    const onPhoto = pasteMaskOnPhoto(mask, landmarks, 512, 512);
    const alpha = pasteMaskAlpha(onPhoto, 1);
    // The nose tip (landmark 1) is on the face; the photo's corner is not.
    expect(alpha(Math.round(landmarks[3]!), Math.round(landmarks[4]!))).toBe(1);
    expect(alpha(5, 5)).toBe(0);
    // At half scale the same face point is at half the coordinates.
    expect(pasteMaskAlpha(onPhoto, 0.5)(Math.round(landmarks[3]! / 2), Math.round(landmarks[4]! / 2))).toBe(1);
    const empty = pasteMaskOnPhoto(greyImage(MASK_ATLAS_SIZE, MASK_ATLAS_SIZE, 0), landmarks, 512, 512);
    expect(Math.max(...empty.values)).toBe(0);
  });

  it('keeps the photo where the paste alpha is 0 and pastes where it is 1', () => {
    /** 100 x 100, red varying along x (photo) or along y (patch). */
    const ramp = (alongY: boolean) => {
      const data = new Uint8Array(100 * 100 * 4);
      for (let y = 0; y < 100; y++) {
        for (let x = 0; x < 100; x++) data.set([40 + 2 * (alongY ? y : x), 60, 60, 255], (y * 100 + x) * 4);
      }
      return { data, width: 100, height: 100 };
    };
    const photo = ramp(false);
    const pasted = pasteBack({
      photo,
      patch: ramp(true),
      photoToPatch: { a: 1, b: 0, tx: 0, ty: 0 },
      polygon: [10, 10, 90, 10, 90, 90, 10, 90],
      feather: 2,
      alpha: (x) => (x < 50 ? 0 : 1),
    });
    const red = (image: { data: Uint8Array }, x: number, y: number) => image.data[(y * 100 + x) * 4]!;
    // Left of x = 50 the photo stays: its red does not change along y.
    expect(red(pasted, 30, 25)).toBe(red(photo, 30, 25));
    expect(red(pasted, 30, 75)).toBe(red(photo, 30, 75));
    // Right of it the patch shows: red grows along y.
    expect(red(pasted, 70, 75) - red(pasted, 70, 25)).toBeGreaterThan(40);
  });
});
