import { ApiError } from '../../../shared/api';
import { clampHeadRotation, coefficientsFromRecord, coefficientsToRecord } from '../../../shared/rig';
import { type EngineContext, LOCAL_CALLER, type HandlerMap } from '../api';
import { ScenesRepo } from '../scenes';

type RenderMethods = 'render.openSession' | 'render.update' | 'render.closeSession';

/** render.*: long-lived render sessions of a portrait (src/shared/api/render.ts). */
export function renderSessionHandlers(context: EngineContext): HandlerMap<RenderMethods> {
  return {
    'render.openSession': ({ assetId, previewSide, sceneId }, caller = LOCAL_CALLER) => {
      const { store } = context.openStore();
      const asset = store.assets.get(assetId);
      if (asset.kind === 'video') {
        throw new ApiError('invalid_request', `${asset.originalName} is a video; render sessions show portraits.`);
      }
      if (sceneId !== undefined) {
        const scene = store.repository(ScenesRepo).get(sceneId);
        if (scene.assetId !== assetId) {
          throw new ApiError(
            'invalid_request',
            `Scene "${scene.name}" animates another photo, not ${asset.originalName}.`,
          );
        }
      }
      return context.renderSessions.open(caller.connectionId, assetId, previewSide, sceneId);
    },
    // Out-of-range values are rendered clamped, as rig.setCoefficients would store them.
    'render.update': ({ sessionId, coefficients, head, ...update }, caller = LOCAL_CALLER) =>
      context.renderSessions.update(caller.connectionId, {
        sessionId,
        ...update,
        coefficients: coefficientsToRecord(coefficientsFromRecord(coefficients).coefficients),
        head: clampHeadRotation(head).head,
      }),
    'render.closeSession': ({ sessionId }, caller = LOCAL_CALLER) => {
      context.renderSessions.close(caller.connectionId, sessionId);
      return { ok: true as const };
    },
  };
}
