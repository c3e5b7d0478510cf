/** An 8-bit single-channel picture, row-major, no padding (masks, stroke coverage). */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A pixel rectangle, x0/y0 inclusive, x1/y1 exclusive. */
export interface PixelBounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const greyImage = (width: number, height: number, value = 0): GreyImage => ({
  width,
  height,
  data: new Uint8Array(width * height).fill(value),
});

export const cloneGrey = (image: GreyImage): GreyImage => ({ ...image, data: image.data.slice() });

/** The smallest rectangle holding both (either may be null). */
export function unionBounds(a: PixelBounds | null, b: PixelBounds | null): PixelBounds | null {
  if (!a) return b;
  if (!b) return a;
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/** Copies a rectangle's pixels out (for undo). */
export function cropGrey(image: GreyImage, bounds: PixelBounds): GreyImage {
  const width = bounds.x1 - bounds.x0;
  const height = bounds.y1 - bounds.y0;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = (bounds.y0 + y) * image.width + bounds.x0;
    data.set(image.data.subarray(from, from + width), y * width);
  }
  return { width, height, data };
}

/** Writes a crop back at (x0, y0). */
export function pasteGrey(image: GreyImage, crop: GreyImage, x0: number, y0: number): void {
  for (let y = 0; y < crop.height; y++) {
    image.data.set(crop.data.subarray(y * crop.width, (y + 1) * crop.width), (y0 + y) * image.width + x0);
  }
}

/**
 * Bilinear sample at continuous pixel position (x, y) (pixel centres at +0.5), 0..255; positions
 * outside the picture take the nearest edge pixel.
 */
export function sampleGrey(image: GreyImage, x: number, y: number): number {
  const fx = Math.min(image.width - 1, Math.max(0, x - 0.5));
  const fy = Math.min(image.height - 1, Math.max(0, y - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(image.width - 1, x0 + 1);
  const y1 = Math.min(image.height - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const d = image.data;
  const w = image.width;
  const top = d[y0 * w + x0]! + (d[y0 * w + x1]! - d[y0 * w + x0]!) * tx;
  const bottom = d[y1 * w + x0]! + (d[y1 * w + x1]! - d[y1 * w + x0]!) * tx;
  return top + (bottom - top) * ty;
}
