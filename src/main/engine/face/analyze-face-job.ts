import { ApiError } from '../../../shared/api/errors';
import type { AnalyzeFaceResult } from '../../../shared/api/job-results';
import type { JobPriority } from '../../../shared/api/models';
import type { EventBus } from '../event-bus';
import type { JobSpec } from '../jobs';
import type { ProjectStore } from '../store';
import type { FaceAnalyzer } from './face-analyzer';
import { FacesRepo } from './faces-repo';

export interface AnalyzeFaceRequest {
  assetId: string;
  /** Face to choose when the photo has several (default: the largest). */
  chooseIndex?: number;
  /** 'interactive' when the user asked; 'batch' when queued after an import, so imports go first. */
  priority?: JobPriority;
}

/**
 * The analyze-face job: runs the face pipeline in a worker on the asset's working image (or every
 * frame of a video asset) and stores faces and outcome. "No face found" and the like are results,
 * stored and returned as { ok: false, reason, message }, not job failures.
 */
export function analyzeFaceJob(
  deps: { store: ProjectStore; analyzer: FaceAnalyzer; events: EventBus },
  request: AnalyzeFaceRequest,
): JobSpec<'analyze-face'> {
  const { store, analyzer, events } = deps;
  const asset = store.assets.find(request.assetId);
  if (!asset) throw new ApiError('not_found', `No asset with id ${request.assetId}`);
  const faces = store.repository(FacesRepo);
  return {
    kind: 'analyze-face',
    projectId: asset.projectId,
    assetId: asset.id,
    priority: request.priority ?? 'interactive',
    title: `Find the face in ${asset.originalName}`,
    hasPreview: false,
    async run(context) {
      const file = store.workingFileOf(asset);
      context.progress(0.05, asset.kind === 'video' ? 'Tracking the face' : 'Finding faces');
      let result: AnalyzeFaceResult;
      if (asset.kind === 'video') {
        const video = await analyzer.analyzeVideo(
          file,
          (done, total) => context.progress(total ? Math.min(0.95, done / total) : 0.5, `Frame ${done}`),
          context.signal,
          { expressions: true },
        );
        context.signal.throwIfAborted();
        faces.saveVideoAnalysis(asset.id, video);
        result = { assetId: asset.id, ok: video.counters.framesWithFace > 0, ...video.counters };
      } else {
        const analysis = await analyzer.analyzeFile(file, { chooseIndex: request.chooseIndex });
        context.signal.throwIfAborted();
        faces.saveImageAnalysis(asset.id, analysis);
        result = analysis.ok
          ? { assetId: asset.id, ok: true, faces: analysis.faces.length, chosenIndex: analysis.chosenIndex }
          : { assetId: asset.id, ok: false, reason: analysis.reason, message: analysis.message };
      }
      if (analyzer.warnings.size > 0) result.warnings = [...analyzer.warnings];
      if (analyzer.provider) result.provider = analyzer.provider;
      events.emit('project.changed', { projectId: asset.projectId });
      return result;
    },
  };
}
