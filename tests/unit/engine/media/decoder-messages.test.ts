import { describe, expect, it } from 'vitest';
import { saysDamaged, withoutInternalPrefixes } from '../../../../src/main/engine/media/decoder-messages';

describe('decoder messages', () => {
  it("drops libvips' loader names and repeated lines", () => {
    const sharpMessage =
      'Input buffer has corrupt header: VipsJpeg: premature end of JPEG image\nVipsJpeg: JPEG datastream contains no image\n' +
      'VipsJpeg: premature end of JPEG image\nVipsJpeg: JPEG datastream contains no image';
    expect(withoutInternalPrefixes(sharpMessage)).toBe(
      'Input buffer has corrupt header: premature end of JPEG image; JPEG datastream contains no image',
    );
    expect(withoutInternalPrefixes('VipsJpeg: premature end of JPEG image')).toBe('premature end of JPEG image');
  });

  it("drops ffmpeg's context tags", () => {
    expect(withoutInternalPrefixes('[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c8a0] moov atom not found')).toBe(
      'moov atom not found',
    );
  });

  it('tells a cut-short or corrupted file from other failures', () => {
    expect(saysDamaged('VipsJpeg: premature end of JPEG image')).toBe(true);
    expect(saysDamaged('Invalid data found when processing input')).toBe(true);
    expect(saysDamaged('moov atom not found')).toBe(true);
    expect(saysDamaged('heif: Unsupported feature: Unsupported codec')).toBe(false);
  });
});
