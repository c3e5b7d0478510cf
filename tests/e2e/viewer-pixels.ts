import { expect, type Page } from '@playwright/test';
import sharp from 'sharp';

/** The astronaut's side in pixels: rectangles below are given in its photo pixels. */
export const ASTRONAUT_SIDE = 512;

export interface Shot {
  data: Buffer;
  width: number;
  height: number;
}

export interface PhotoRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The main viewer's pixels over the photo, as on screen (photo, rendered portrait and overlays), RGB.
 * Waits until the photo has loaded, and finishes its fade-in (150 ms of opacity, which a loaded
 * machine stretches): a shot taken during the fade reads as a darker photo, not as the photo.
 */
export async function viewerPixels(page: Page): Promise<Shot> {
  const image = page.getByTestId('viewer-image');
  await expect
    .poll(
      () =>
        image.evaluate((element) => {
          // Runs in the page: everything it needs is inside this function.
          const photo = element as unknown as { complete: boolean; naturalWidth: number; className: string };
          return photo.complete && photo.naturalWidth > 0 && !photo.className.includes('viewer__image--loading');
        }),
      { message: 'the photo is loaded and shown', timeout: 30_000 },
    )
    .toBe(true);
  const box = await image.boundingBox();
  if (!box) throw new Error('the photo is not on screen');
  const png = await page.screenshot({ clip: box, animations: 'disabled' });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference per channel between two shots inside a rectangle given in photo pixels. */
export function meanDifference(a: Shot, b: Shot, rect: PhotoRect, photoSide = ASTRONAUT_SIDE): number {
  const scale = a.width / photoSide;
  const x0 = Math.floor(rect.x * scale);
  const y0 = Math.floor(rect.y * scale);
  const x1 = Math.min(a.width, Math.ceil((rect.x + rect.width) * scale));
  const y1 = Math.min(a.height, Math.ceil((rect.y + rect.height) * scale));
  let sum = 0;
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * a.width + x) * 3 + c;
        sum += Math.abs(a.data[i]! - b.data[i]!);
        count++;
      }
    }
  }
  return sum / count;
}
