import { describe, expect, it } from 'vitest';
import { normalisePixels } from '../../../src/main/engine/models/normalise';

describe('normalisePixels', () => {
  it('maps 0..255 RGB to the [-1, 1] range of blazeface', () => {
    const out = normalisePixels(Uint8Array.from([0, 255, 127.5, 255, 0, 0]), 2, 3, {
      channels: 'rgb',
      scale: 2,
      offset: -1,
      range: [-1, 1],
      formula: 'rgb / 127.5 - 1',
    });
    expect(Array.from(out)).toEqual([-1, 1, expect.closeTo(-0.0039, 3), 1, -1, -1]);
  });

  it('drops alpha and converts to grey with the given weights', () => {
    const out = normalisePixels(Uint8Array.from([255, 0, 0, 9, 255, 255, 255, 9]), 2, 4, {
      channels: 'grey',
      greyWeights: [0.2989, 0.587, 0.114],
      scale: 2,
      offset: -1,
      range: [-1, 1],
      formula: '',
    });
    expect(out[0]).toBeCloseTo(0.2989 * 2 - 1, 6);
    expect(out[1]).toBeCloseTo(0.9999 * 2 - 1, 6);
  });

  it('refuses a buffer shorter than the pixel count says', () => {
    expect(() =>
      normalisePixels(new Uint8Array(5), 2, 3, { channels: 'rgb', scale: 1, offset: 0, range: [0, 1], formula: '' }),
    ).toThrowError(/expected 6 bytes/);
  });
});
