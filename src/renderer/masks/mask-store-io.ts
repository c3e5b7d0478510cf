import type { MaskInfo, MienClient } from '../../shared/api';
import { MASK_ATLAS_SIZE, emptyMaskAtlas, type GreyImage } from '../../shared/masks';

/**
 * Reading and writing one layer's mask through the engine. Writes of the same layer run one after
 * another in call order (a stroke's save, then an undo's), so a slow earlier save can never land
 * after a later one.
 */
const queues = new Map<string, Promise<unknown>>();

export const maskKey = (sceneId: string, layerId: string) => `${sceneId}:${layerId}`;

/** Stores `png` as the layer's mask, or removes the mask when `png` is null. */
export function writeMask(
  client: MienClient,
  sceneId: string,
  layerId: string,
  png: Uint8Array | null,
): Promise<MaskInfo | null> {
  const key = maskKey(sceneId, layerId);
  const write = async () => {
    if (png) return client.call('masks.set', { sceneId, layer: layerId, png: png.slice() });
    await client.call('masks.clear', { sceneId, layer: layerId });
    return null;
  };
  const next = (queues.get(key) ?? Promise.resolve()).then(write, write);
  queues.set(key, next);
  return next;
}

/** Resolves when every write of the layer queued so far has finished. */
export function masksWritten(sceneId: string, layerId: string): Promise<void> {
  return (queues.get(maskKey(sceneId, layerId)) ?? Promise.resolve()).then(
    () => undefined,
    () => undefined,
  );
}

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
