import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { GreyPngError, decodeGreyPng, encodeGreyPng, greyImage } from '../../../src/shared/masks';

const gradient = () => {
  const image = greyImage(64, 32);
  for (let i = 0; i < image.data.length; i++) image.data[i] = (i * 7) % 256;
  return image;
};

describe('grey PNG', () => {
  it('round-trips and is read by sharp as one 8-bit channel', async () => {
    const image = gradient();
    const png = await encodeGreyPng(image);
    const decoded = await decodeGreyPng(png);
    expect(decoded.width).toBe(64);
    expect([...decoded.data]).toEqual([...image.data]);
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 64, height: 32, channels: 1, depth: 'uchar' });
    const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([...data]).toEqual([...image.data]);
  });

  it("reads sharp's grey PNGs (all filter types)", async () => {
    const image = gradient();
    const png = await sharp(Buffer.from(image.data), { raw: { width: 64, height: 32, channels: 1 } })
      .toColourspace('b-w')
      .png({ adaptiveFiltering: true, compressionLevel: 9 })
      .toBuffer();
    expect([...(await decodeGreyPng(png)).data]).toEqual([...image.data]);
  });

  it('refuses colour PNGs and other files', async () => {
    const rgb = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } })
      .png()
      .toBuffer();
    await expect(decodeGreyPng(rgb)).rejects.toBeInstanceOf(GreyPngError);
    await expect(decodeGreyPng(Uint8Array.of(1, 2, 3))).rejects.toThrow('not a PNG');
  });
});
