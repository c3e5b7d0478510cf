import { ApiError } from '../../../shared/api/errors';
import type { EngineContext, HandlerMap } from '../api';
import { FacesRepo } from './faces-repo';
import { videoFrames } from './video-frames-handler';
import { submitFaceAnalysis } from './submit-face-analysis';

type FaceMethods = 'faces.get' | 'faces.analyze' | 'faces.choose' | 'faces.videoFrames';

/** API handlers of the face methods; inference runs in the engine's worker pool (face tasks). */
export function faceHandlers(context: EngineContext): HandlerMap<FaceMethods> {
  return {
    'faces.get': ({ assetId }) => {
      const { store } = context.openStore();
      store.assets.get(assetId);
      return { analysis: store.repository(FacesRepo).loadImageAnalysis(assetId) };
    },
    'faces.analyze': ({ assetId, chooseIndex }) => {
      context.openStore().store.assets.get(assetId);
      return submitFaceAnalysis(context, { assetId, chooseIndex, priority: 'interactive' });
    },
    'faces.choose': ({ assetId, index }) => {
      const { store } = context.openStore();
      const asset = store.assets.get(assetId);
      const repo = store.repository(FacesRepo);
      const analysis = repo.loadImageAnalysis(assetId);
      if (!analysis) throw new ApiError('not_found', `${asset.originalName} has not been analysed yet.`);
      if (!analysis.ok || !repo.chooseFace(assetId, index)) {
        const count = analysis.ok ? analysis.faces.length : 0;
        throw new ApiError(
          'invalid_request',
          `${asset.originalName} has ${count} face(s); there is no face ${index + 1}.`,
        );
      }
      context.events.emit('project.changed', { projectId: asset.projectId });
      return { ...analysis, chosenIndex: index };
    },
    'faces.videoFrames': (params) => videoFrames(context, params),
  };
}
