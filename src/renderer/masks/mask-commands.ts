import type { MienClient } from '../../shared/api';
import type { Command } from '../../shared/history';
import { decodeGreyPng, emptyMaskAtlas, type GreyImage } from '../../shared/masks';
import { maskKey, writeMask } from './mask-writes';

/** Painting surfaces on screen, by scene and layer: an undo or redo shows its mask there at once. */
const shownMasks = new Map<string, (atlas: GreyImage, png: Uint8Array | null) => void>();

/** Registers what shows a layer's mask while it is painted; returns the function that removes it. */
export function showMaskChangesIn(
  sceneId: string,
  layerId: string,
  show: (atlas: GreyImage, png: Uint8Array | null) => void,
): () => void {
  const key = maskKey(sceneId, layerId);
  shownMasks.set(key, show);
  return () => {
    if (shownMasks.get(key) === show) shownMasks.delete(key);
  };
}

interface MaskEditTarget {
  client: MienClient;
  projectId: string;
  sceneId: string;
  layerId: string;
}

/**
 * One mask edit (a stroke, fill, clear or invert) as one undo step: the layer's mask goes from
 * `before` to `after` (PNG bytes; null: the layer had no mask). The edit is already on screen and
 * being saved when it is recorded; undo and redo write the other state through the same queue, so
 * they land after that save.
 */
export function maskEditCommand(
  target: MaskEditTarget,
  edit: { label: string; before: Uint8Array | null; after: Uint8Array },
): Command {
  const { client, sceneId, layerId } = target;
  const put = async (png: Uint8Array | null) => {
    await writeMask(client, sceneId, layerId, png);
    const show = shownMasks.get(maskKey(sceneId, layerId));
    if (show) show(png ? await decodeGreyPng(png) : emptyMaskAtlas(), png);
  };
  return {
    label: edit.label,
    scopes: [target.projectId, sceneId],
    apply: () => put(edit.after),
    revert: () => put(edit.before),
  };
}
