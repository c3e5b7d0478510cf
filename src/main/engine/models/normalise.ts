import type { Normalisation } from './manifest';

/**
 * Packed 8-bit RGB (or RGBA) pixels -> a model's NHWC float32 input as its manifest normalisation describes:
 * value = (pixel / 255) * scale + offset, after the grey conversion for single-channel models.
 */
export function normalisePixels(
  pixels: Uint8Array,
  pixelCount: number,
  channelsIn: 3 | 4,
  n: Normalisation,
): Float32Array {
  if (pixels.length < pixelCount * channelsIn) {
    throw new Error(`expected ${pixelCount * channelsIn} bytes of pixels, got ${pixels.length}`);
  }
  const factor = n.scale / 255;
  if (n.channels === 'grey') {
    const [wr, wg, wb] = n.greyWeights ?? [0.2989, 0.587, 0.114];
    const out = new Float32Array(pixelCount);
    for (let i = 0; i < pixelCount; i++) {
      const p = i * channelsIn;
      const grey = wr * (pixels[p] as number) + wg * (pixels[p + 1] as number) + wb * (pixels[p + 2] as number);
      out[i] = grey * factor + n.offset;
    }
    return out;
  }
  const out = new Float32Array(pixelCount * 3);
  for (let i = 0; i < pixelCount; i++) {
    for (let c = 0; c < 3; c++) out[i * 3 + c] = (pixels[i * channelsIn + c] as number) * factor + n.offset;
  }
  return out;
}
