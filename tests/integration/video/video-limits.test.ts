import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api';
import { DEFAULT_VIDEO_LIMITS, checkVideoLimits } from '../../../src/main/engine/media/video-import-job';
import { findVideoTools } from '../../../src/main/engine/media/video-probe';
import { sniffVideoContainer } from '../../../src/main/engine/media/video-sniff';
import { fillGaps } from '../../../src/main/engine/tracks/video-rig-tracks';
import { smoothSavitzkyGolay } from '../../../src/main/engine/tracks/savitzky-golay';

const probe = { formatName: 'mov,mp4', codec: 'h264', width: 512, height: 512, fps: 30 };
const limits = { ...DEFAULT_VIDEO_LIMITS, maxImportBytes: 1e9 };

describe('video import limits and helpers', () => {
  it('refuses a clip over the duration limit with its length and the limit', () => {
    expect(() => checkVideoLimits({ ...probe, frameCount: 9000, durationMs: 300_000 }, 'ok.mp4', limits)).not.toThrow();
    const tooLong = () => checkVideoLimits({ ...probe, frameCount: 9030, durationMs: 301_000 }, 'long.mp4', limits);
    expect(tooLong).toThrow(ApiError);
    expect(tooLong).toThrow(
      'long.mp4 is 301.0 s long (9030 frames); Mien imports driving videos up to 300 s and 18000 frames.',
    );
  });

  it('says video import is unavailable when ffmpeg or ffprobe is missing', () => {
    const none = { available: false, path: null, source: 'none' as const, message: 'ffmpeg was not found.' };
    expect(findVideoTools(none)).toEqual({ ok: false, message: 'Video import needs ffmpeg. ffmpeg was not found.' });
    const lonely = { available: true, path: '/nonexistent/bin/ffmpeg', source: 'FFMPEG_PATH' as const, message: '' };
    const found = findVideoTools(lonely, { PATH: '/nonexistent/elsewhere' }, () => null);
    expect(found.ok).toBe(false);
    if (!found.ok) expect(found.message).toContain('Video import needs ffprobe');
  });

  it('tells containers apart by their first bytes', () => {
    const box = (brand: string) =>
      Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from(`ftyp${brand}\0\0\0\0${brand}`)]);
    expect(sniffVideoContainer(box('isom'))?.mime).toBe('video/mp4');
    expect(sniffVideoContainer(box('qt  '))?.mime).toBe('video/quicktime');
    expect(sniffVideoContainer(box('heic'))).toBeNull();
    const ebml = (docType: string) =>
      Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84]), Buffer.from(docType)]);
    expect(sniffVideoContainer(ebml('webm'))?.container).toBe('webm');
    expect(sniffVideoContainer(ebml('matroska'))?.container).toBe('matroska');
    expect(sniffVideoContainer(Buffer.from('Timecode,BlendShapeCount'))).toBeNull();
  });

  it('fills frames without a face from their neighbours and smooths without lag', () => {
    const values = Float64Array.from([9, 1, 9, 9, 4, 9, 9]);
    fillGaps(values, Uint8Array.from([0, 1, 0, 0, 1, 0, 0]));
    expect(Array.from(values)).toEqual([1, 1, 2, 3, 4, 4, 4]);
    // A quadratic passes through the 5-frame Savitzky-Golay filter unchanged (no lag, no flattening).
    const parabola = Array.from({ length: 9 }, (_, t) => (t - 4) ** 2);
    smoothSavitzkyGolay(parabola, 2).forEach((value, t) => expect(value).toBeCloseTo(parabola[t]!, 10));
    // Alternating noise is damped.
    const noisy = Array.from({ length: 9 }, (_, t) => (t % 2 ? 1 : -1));
    expect(Math.abs(smoothSavitzkyGolay(noisy, 2)[4]!)).toBeLessThan(0.5);
  });
});
