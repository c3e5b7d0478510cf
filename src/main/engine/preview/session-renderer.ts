import type { EngineContext } from '../api';
import { renderPortrait } from '../generate';
import type { SessionRenderer } from './render-sessions';

/** Largest side of a session's full-quality frame (RenderSize's limit); beyond it the frame is scaled down. */
const MAX_FULL_SIDE = 2048;

/**
 * Renders session frames through the generator worker, in the pool's interactive lane. A preview
 * frame is the face region at the session's preview side; a full frame is the same region at the
 * photo's own resolution (only the region changes, so the rest of the photo need not travel).
 * Regions are converted from original-photo pixels to the working image the viewer shows.
 */
export function createSessionRenderer(contextOf: () => EngineContext): SessionRenderer {
  /** Long side of each asset's face region in original pixels, learned from its first frame. */
  const regionSides = new Map<string, number>();
  return async ({ assetId, target, quality, previewSide, signal }) => {
    const context = contextOf();
    const asset = context.openStore().store.assets.get(assetId);
    const known = regionSides.get(assetId);
    const maxSide = quality === 'full' && known !== undefined ? Math.min(MAX_FULL_SIDE, Math.ceil(known)) : previewSide;
    const rendered = await renderPortrait(context, assetId, {
      target,
      size: { kind: 'preview', maxSide },
      encode: 'raw',
      signal,
      priority: 'interactive',
    });
    const { report } = rendered;
    regionSides.set(assetId, Math.max(report.region.width, report.region.height));
    const toWorking = asset.workingWidth / asset.width;
    return {
      data: rendered.bytes,
      width: report.width,
      height: report.height,
      info: {
        region: {
          x: report.region.x * toWorking,
          y: report.region.y * toWorking,
          width: report.region.width * toWorking,
          height: report.region.height * toWorking,
        },
        limited: report.capped,
        renderMs: report.renderMs,
      },
    };
  };
}
