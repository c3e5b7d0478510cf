import type { Page } from '@playwright/test';

/** The astronaut is 512 x 512; her mouth corners are at about (201, 146) and (246, 145), the nose tip at (224, 132). */
export const PHOTO_SIDE = 512;

/** What the tests read of the overlay's canvas (the e2e typecheck has no DOM types). */
interface CanvasElement {
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/** Total tint (alpha) the mask overlay shows: 0 when nothing is painted. */
export const paintedAmount = (page: Page) =>
  page.getByTestId('mask-canvas').evaluate((canvas: CanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    for (let i = 3; i < data.length; i += 4) sum += data[i]!;
    return sum;
  });

/** Screen position of a pixel of the astronaut photo shown in the viewer. */
export async function onScreen(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('viewer-image').boundingBox();
  if (!box) throw new Error('the photo is not on screen');
  return { x: box.x + (x / PHOTO_SIDE) * box.width, y: box.y + (y / PHOTO_SIDE) * box.height };
}
