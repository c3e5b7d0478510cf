import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../../../src/main/engine/media/sniff-format';

const pixel = () => sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } });

describe('sniffFormat', () => {
  it('recognises the image formats sharp encodes here', async () => {
    expect(sniffFormat(await pixel().jpeg().toBuffer())).toMatchObject({
      kind: 'image',
      format: 'jpeg',
      mime: 'image/jpeg',
    });
    expect(sniffFormat(await pixel().png().toBuffer())).toMatchObject({ format: 'png' });
    expect(sniffFormat(await pixel().webp().toBuffer())).toMatchObject({ format: 'webp' });
    expect(sniffFormat(await pixel().gif().toBuffer())).toMatchObject({ format: 'gif' });
    expect(sniffFormat(await pixel().tiff().toBuffer())).toMatchObject({ format: 'tiff' });
    expect(sniffFormat(await pixel().avif().toBuffer())).toMatchObject({ format: 'avif', mime: 'image/avif' });
  });

  it('names HEIC by its ftyp brand', () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic')]);
    expect(sniffFormat(heic)).toMatchObject({ kind: 'image', format: 'heic' });
  });

  it('says what a non-image looks like', () => {
    expect(sniffFormat(Buffer.from('Dear reader,\nthis is a letter.\n'))).toEqual({ kind: 'other', looksLike: 'text' });
    expect(sniffFormat(Buffer.from('%PDF-1.7\n...'))).toMatchObject({ looksLike: 'a PDF document' });
    expect(sniffFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toMatchObject({
      looksLike: expect.stringContaining('ZIP'),
    });
    expect(sniffFormat(new Uint8Array())).toMatchObject({ looksLike: 'an empty file' });
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from('ftypisom\0\0\0\0isom')]);
    expect(sniffFormat(mp4)).toMatchObject({ kind: 'other', looksLike: expect.stringContaining('video') });
    expect(sniffFormat(Uint8Array.from([0, 159, 146, 150, 0, 1, 2, 3]))).toMatchObject({ kind: 'other' });
  });

  it('marks known image formats Mien does not import', () => {
    expect(sniffFormat(Buffer.from('BM\x3a\0\0\0', 'latin1'))).toMatchObject({
      kind: 'unsupported-image',
      format: 'bmp',
    });
    expect(sniffFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatchObject({ format: 'svg' });
    expect(sniffFormat(Buffer.from('8BPS\0\x01', 'latin1'))).toMatchObject({ format: 'psd' });
  });
});
