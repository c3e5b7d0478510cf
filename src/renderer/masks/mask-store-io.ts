import type { MaskInfo, MienClient } from '../../shared/api';
import { MASK_ATLAS_SIZE, emptyMaskAtlas, type GreyImage } from '../../shared/masks';

// Reading a stored mask's pixels needs the DOM (an image decode and a canvas); writes are in mask-writes.ts.

/**
 * The pixels of a stored mask, read through the media URL every stored picture uses (both hosts
 * serve it with CORS for the page, so the canvas is not tainted). Colour conversion is off so the
 * grey values come back exactly as stored.
 */
export async function readMaskPixels(client: MienClient, mask: MaskInfo | null): Promise<GreyImage> {
  if (!mask) return emptyMaskAtlas();
  const image = new Image();
  image.crossOrigin = 'anonymous';
  image.src = client.mediaUrl(mask.sha256);
  await image.decode();
  const bitmap = await createImageBitmap(image, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = document.createElement('canvas');
  canvas.width = MASK_ATLAS_SIZE;
  canvas.height = MASK_ATLAS_SIZE;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0, MASK_ATLAS_SIZE, MASK_ATLAS_SIZE);
  bitmap.close();
  const rgba = context.getImageData(0, 0, MASK_ATLAS_SIZE, MASK_ATLAS_SIZE).data;
  const atlas = emptyMaskAtlas();
  for (let i = 0; i < atlas.data.length; i++) atlas.data[i] = rgba[i * 4]!;
  return atlas;
}
