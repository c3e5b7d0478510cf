import type { MaskInfo, MienClient } from '../../shared/api';

/**
 * Writing one layer's mask through the engine, and reading its stored PNG back. No DOM here (the
 * timeline's scene deletion uses it and runs in the Node unit tests); the pixels are read in
 * mask-store-io.ts. Writes of the same layer run one after
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

/** Resolves when every write queued so far for any layer of the scene has finished. */
export function sceneMasksWritten(sceneId: string): Promise<void> {
  const prefix = maskKey(sceneId, '');
  const pending = [...queues].filter(([key]) => key.startsWith(prefix)).map(([, queued]) => queued);
  return Promise.allSettled(pending).then(() => undefined);
}

/** The stored PNG of a mask, byte for byte (masks.set with these bytes stores the same blob). */
export async function readMaskPng(client: MienClient, mask: MaskInfo): Promise<Uint8Array> {
  const response = await fetch(client.mediaUrl(mask.sha256));
  if (!response.ok) throw new Error(`Could not read the ${mask.layer} mask (HTTP ${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}
