import { randomUUID } from 'node:crypto';
import { ApiError, type InversionSettings, type StyleInversion, type SynthesisContract } from '../../../shared/api';
import { styleGeneratorInfo } from '../../../shared/generate';
import { LOCAL_CALLER, type EngineContext, type HandlerMap } from '../api';
import { portraitSource } from '../generate';
import { InversionsRepo } from './inversions-repo';
import { inversionJob } from './inversion-job';
import { createScenePasteMasks } from './scene-paste-masks';
import { chooseStyleModels, chooseSynthesis, modelRef } from './style-models';
import type { StyleSourceSpec } from './tasks';

type StyleganMethods =
  | 'stylegan.invert'
  | 'stylegan.inversions'
  | 'stylegan.deleteInversion'
  | 'stylegan.generator'
  | 'stylegan.openPreview'
  | 'stylegan.closePreview'
  | 'stylegan.preview';

/** What the style worker needs of a photo asset: its original and the chosen face's landmarks. */
function styleSource(context: Pick<EngineContext, 'openStore'>, assetId: string): StyleSourceSpec {
  const { spec } = portraitSource(context, assetId);
  return {
    key: spec.key,
    imagePath: spec.imagePath,
    landmarks: spec.landmarks,
    landmarksImageWidth: spec.landmarksImageWidth,
  };
}

/** A 'running' inversion whose job is no longer active stopped with its process: it is 'stopped' (resumable). */
function withLiveStatus(context: EngineContext, inversion: StyleInversion): StyleInversion {
  if (inversion.status !== 'running') return inversion;
  const job = inversion.jobId ? context.openStore().scheduler.find(inversion.jobId) : null;
  const active = job && (job.state === 'queued' || job.state === 'running');
  return active ? inversion : { ...inversion, status: 'stopped' };
}

/** stylegan.*: method A's inversions and transfers (src/shared/api/stylegan.ts). */
export function styleganHandlers(context: EngineContext): HandlerMap<StyleganMethods> {
  /** Preview streams by id: the connection that opened them and the next frame's number. */
  const previewStreams = new Map<string, { connectionId: string; seq: number; openedAt: number }>();
  const ownedStream = (streamId: string, connectionId: string) => {
    const stream = previewStreams.get(streamId);
    // Another connection's stream is reported as missing: ids are not capabilities to share.
    if (!stream || stream.connectionId !== connectionId) {
      throw new ApiError('not_found', `There is no transfer preview stream ${streamId} on this connection.`);
    }
    return stream;
  };

  const scenePasteMasks = createScenePasteMasks(context);

  const ownedInversion = (id: string): { inversion: StyleInversion; ws: Float32Array } => {
    const repo = context.openStore().store.repository(InversionsRepo);
    const inversion = repo.get(id);
    const state = repo.state(id);
    if (!state || state.iteration === 0) {
      throw new ApiError('conflict', `Inversion ${id} has not run any iteration yet; start or resume it first.`);
    }
    return { inversion, ws: state.ws.value };
  };

  return {
    'stylegan.invert': async (params) => {
      const { store, scheduler } = context.openStore();
      const repo = store.repository(InversionsRepo);
      const asset = store.assets.get(params.assetId);
      const source = styleSource(context, params.assetId);
      const manager = await context.modelManager();
      let inversionId: string;
      let settings: InversionSettings;
      let models;
      if (params.resumeInversionId) {
        const existing = withLiveStatus(context, repo.get(params.resumeInversionId));
        if (existing.assetId !== asset.id) {
          throw new ApiError('invalid_request', `Inversion ${existing.id} is of another photo.`);
        }
        if (existing.status === 'running')
          throw new ApiError('conflict', `Inversion ${existing.id} is running already.`);
        settings = { ...existing.settings, iterations: Math.max(existing.settings.iterations, params.iterations) };
        const synthesis = await modelRef(manager, settings.synthesisId);
        const perceptual = await modelRef(manager, settings.perceptualId);
        models = {
          synthesis,
          perceptual,
          mapping: settings.mappingId ? await modelRef(manager, settings.mappingId) : null,
          encoder: settings.encoderId ? await modelRef(manager, settings.encoderId) : null,
          layer: settings.layer,
        };
        inversionId = existing.id;
        repo.update(inversionId, { settings, status: 'running' });
      } else {
        models = await chooseStyleModels(manager, { ...params, useEncoder: params.useEncoder });
        settings = {
          synthesisId: models.synthesis.id,
          perceptualId: models.perceptual.id,
          mappingId: models.mapping?.id ?? null,
          encoderId: models.encoder?.id ?? null,
          start: models.encoder ? 'encoder' : 'mean-w',
          layer: models.layer,
          iterations: params.iterations,
          previewEvery: params.previewEvery,
          learningRate: params.learningRate,
          perceptualWeight: 1,
          pixelWeight: 1,
        };
        inversionId = repo.create({ projectId: asset.projectId, assetId: asset.id, settings, jobId: null });
      }
      try {
        return scheduler.submit(
          inversionJob(context, store, {
            inversionId,
            assetId: asset.id,
            projectId: asset.projectId,
            title: `Invert ${asset.originalName} (${settings.synthesisId})`,
            models,
            source,
            settings,
          }),
        );
      } catch (error) {
        repo.update(inversionId, { status: 'stopped' });
        throw error;
      }
    },
    'stylegan.inversions': ({ projectId, assetId }) =>
      context
        .openStore()
        .store.repository(InversionsRepo)
        .list(projectId, assetId)
        .map((inversion) => withLiveStatus(context, inversion)),
    'stylegan.deleteInversion': ({ id }) => {
      const repo = context.openStore().store.repository(InversionsRepo);
      const inversion = withLiveStatus(context, repo.get(id));
      if (inversion.status === 'running') {
        throw new ApiError('conflict', `Inversion ${id} is running; cancel its job first.`);
      }
      repo.delete(id);
      return { ok: true as const };
    },
    'stylegan.generator': async ({ synthesisId }) => {
      const { models } = await (await context.modelManager()).list();
      const synthesis = chooseSynthesis(models, synthesisId);
      return {
        ...styleGeneratorInfo(synthesis.id, synthesis.contract as SynthesisContract),
        synthesisId: synthesis.id,
      };
    },
    'stylegan.openPreview': (_params, caller = LOCAL_CALLER) => {
      const streamId = randomUUID();
      previewStreams.set(streamId, { connectionId: caller.connectionId, seq: 0, openedAt: performance.now() });
      return { streamId };
    },
    'stylegan.closePreview': ({ streamId }, caller = LOCAL_CALLER) => {
      ownedStream(streamId, caller.connectionId);
      previewStreams.delete(streamId);
      context.streams.end(streamId);
      return { ok: true as const };
    },
    'stylegan.preview': async ({ streamId, ...request }, caller = LOCAL_CALLER) => {
      const stream = ownedStream(streamId, caller.connectionId);
      const appearance = ownedInversion(request.appearanceInversionId);
      const expression = ownedInversion(request.expressionInversionId);
      if (appearance.inversion.settings.synthesisId !== expression.inversion.settings.synthesisId) {
        throw new ApiError(
          'invalid_request',
          `The two inversions used different generators (${appearance.inversion.settings.synthesisId}, ${expression.inversion.settings.synthesisId}); their styles do not mix.`,
        );
      }
      const manager = await context.modelManager();
      const synthesis = await modelRef(manager, appearance.inversion.settings.synthesisId);
      const pasteMask =
        request.sceneId && request.output === 'pasted'
          ? await scenePasteMasks(
              request.sceneId,
              appearance.inversion.assetId,
              styleGeneratorInfo(synthesis.id, synthesis.contract as SynthesisContract),
              request.mix,
            )
          : undefined;
      const out = await context.stylePool.run(
        'stylegan.render',
        {
          synthesis,
          source: styleSource(context, appearance.inversion.assetId),
          styles: { appearance: appearance.ws, expression: expression.ws },
          mix: request.mix,
          output: request.output,
          maxSide: request.maxSide,
          ...(pasteMask ? { pasteMask } : {}),
        },
        { priority: 'interactive' },
      );
      context.streams.publish({
        header: {
          streamId,
          seq: stream.seq++,
          width: out.width,
          height: out.height,
          timestampMs: performance.now() - stream.openedAt,
          format: 'png',
        },
        data: out.png,
      });
      return { width: out.width, height: out.height, renderMs: out.renderMs };
    },
  };
}
