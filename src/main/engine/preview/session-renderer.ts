import type { EngineContext } from '../api';
import type { LayerMix } from '../../../shared/generate';
import { portraitSource, renderPortrait, type EngineExpression } from '../generate';
import { createSceneMaskWeights } from '../masks';
import { ScenesRepo } from '../scenes';
import { sceneExpressionOf, type SceneExpression } from '../transfer';
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
  const sceneInputs = createSceneInputs();
  const sceneMaskWeights = createSceneMaskWeights();
  return async ({ assetId, sceneId, layerMix, sourceFrame, target, quality, previewSide, signal }) => {
    const context = contextOf();
    const asset = context.openStore().store.assets.get(assetId);
    const scene = sceneId ? await sceneInputs(context, sceneId, layerMix, sourceFrame, quality === 'full') : null;
    // Painted masks shape the layers only where an expression source is mixed in.
    const layerVertexWeights =
      sceneId && scene?.expression
        ? await sceneMaskWeights(
            context.openStore().store,
            sceneId,
            `${assetId}:${asset.originalSha256}`,
            () => portraitSource(context, assetId).spec.landmarks,
          )
        : undefined;
    const known = regionSides.get(assetId);
    const maxSide = quality === 'full' && known !== undefined ? Math.min(MAX_FULL_SIDE, Math.ceil(known)) : previewSide;
    const rendered = await renderPortrait(context, assetId, {
      target,
      ...(scene ? { mix: scene.mix, expression: scene.expression } : {}),
      ...(layerVertexWeights ? { layerVertexWeights } : {}),
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

/**
 * A scene session's layer mix and expression for a frame: the scene as stored (read per frame, a
 * cheap row) with the update's overrides. A video source's tracks are read once per scene revision.
 * A video frame's mouth donor joins preview frames once it is prepared (a scrubbed frame's first
 * preview shows the painted interior); the settled full frame waits for it.
 */
function createSceneInputs() {
  let cached: { key: string; expression: SceneExpression | null } | null = null;
  return async (
    context: EngineContext,
    sceneId: string,
    layerMix: LayerMix | undefined,
    sourceFrame: number | undefined,
    waitForDonor: boolean,
  ): Promise<{ mix: LayerMix; expression: EngineExpression | null }> => {
    const scene = context.openStore().store.repository(ScenesRepo).get(sceneId);
    const key = `${sceneId}:${JSON.stringify(scene.expressionSource)}:${scene.updatedAt}`;
    if (cached?.key !== key) cached = { key, expression: sceneExpressionOf(context, scene.expressionSource) };
    const frame = sourceFrame ?? scene.expressionSource?.frameIndex ?? null;
    const source = cached.expression;
    const expression = !source ? null : waitForDonor ? await source.settled(frame) : source.now(frame);
    return { mix: layerMix ?? scene.layerMix, expression };
  };
}
