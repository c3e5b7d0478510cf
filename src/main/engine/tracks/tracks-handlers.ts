import { ApiError } from '../../../shared/api';
import { serializeLiveLinkCsv } from '../../../shared/rig';
import type { EngineContext, HandlerMap } from '../api';
import { rigHandlers } from '../rig';
import { retargetFrame } from './apply-frame';
import { fitTracksJob, videoAnalysisOutcome } from './fit-tracks-job';
import { parseTrackFile } from './track-file-import';
import { toCoefficientTracks } from './track-set-data';
import { TrackSetsRepo } from './track-sets-repo';

type TrackMethods =
  | 'tracks.list'
  | 'tracks.get'
  | 'tracks.delete'
  | 'tracks.importFile'
  | 'tracks.exportCsv'
  | 'tracks.fromVideo'
  | 'tracks.applyFrame'
  | 'videos.trackingSummary';

/** Wire values: 1e-6 is far below what a coefficient or a degree shows, and keeps messages short. */

/** tracks.* and videos.*: coefficient track sets in the project store (docs/tracks.md). */
export function tracksHandlers(context: EngineContext): HandlerMap<TrackMethods> {
  // rig.get / rig.setCoefficients' own code, so applying a frame writes exactly what a slider edit would.
  const rig = rigHandlers(context);
  const announce = (projectId: string) => context.events.emit('project.changed', { projectId });
  return {
    'tracks.list': ({ projectId }) => {
      const { store } = context.openStore();
      store.projects.get(projectId);
      return store.repository(TrackSetsRepo).list(projectId);
    },

    'tracks.get': ({ trackSetId, channels }) => {
      const { store } = context.openStore();
      const { summary, data } = store.repository(TrackSetsRepo).load(trackSetId, channels);
      return {
        summary,
        times: Float64Array.from(data.times),
        measured: data.measured ? Uint8Array.from(data.measured) : new Uint8Array(data.frameCount).fill(1),
        channels: data.channels.map((channel) => ({
          name: channel.name,
          unit: channel.unit,
          values: Float32Array.from(channel.samples),
        })),
      };
    },

    'tracks.delete': ({ trackSetId }) => {
      const { store } = context.openStore();
      announce(store.repository(TrackSetsRepo).delete(trackSetId));
      return { ok: true as const };
    },

    'tracks.importFile': ({ projectId, fileName, bytes, fps }) => {
      const { store } = context.openStore();
      store.projects.get(projectId);
      // Parsed and validated whole before anything is written; the insert is one transaction.
      const parsed = parseTrackFile(fileName, bytes, fps);
      const trackSet = store.repository(TrackSetsRepo).insert({
        projectId,
        name: fileName.replace(/\.[^.]+$/, ''),
        sourceKind: parsed.format,
        sourceAssetId: null,
        sourceName: fileName,
        data: parsed.data,
        fit: null,
      });
      announce(projectId);
      return { trackSet, ignoredColumns: parsed.ignoredColumns, clampedValues: parsed.clampedValues };
    },

    'tracks.exportCsv': ({ trackSetId }) => {
      const { store } = context.openStore();
      const { summary, data } = store.repository(TrackSetsRepo).load(trackSetId);
      const safeName = summary.name.replace(/[^\w.-]+/g, '_') || 'tracks';
      return { fileName: `${safeName}.csv`, text: serializeLiveLinkCsv(toCoefficientTracks(data)) };
    },

    'tracks.fromVideo': ({ assetId }) => {
      const { store, scheduler } = context.openStore();
      return scheduler.submit(fitTracksJob({ store, events: context.events }, assetId));
    },

    'tracks.applyFrame': async ({ trackSetId, frame, assetId, mode, includePose, write }) => {
      const { store } = context.openStore();
      const { summary, data } = store.repository(TrackSetsRepo).load(trackSetId);
      const target = store.assets.get(assetId);
      if (target.projectId !== summary.projectId) {
        throw new ApiError(
          'invalid_request',
          `${target.originalName} is in another project than track set "${summary.name}".`,
        );
      }
      const state = await rig['rig.get']({ assetId });
      const retargeted = retargetFrame(data, frame, state, { mode, includePose, trackSetName: summary.name });
      if (!write) return { ...retargeted, written: false };
      const saved = await rig['rig.setCoefficients']({
        assetId,
        coefficients: retargeted.coefficients,
        head: retargeted.head,
      });
      announce(summary.projectId);
      return {
        coefficients: saved.coefficients,
        head: saved.head,
        clamped: [...retargeted.clamped, ...saved.clamped],
        written: true,
      };
    },

    'videos.trackingSummary': ({ assetId }) => {
      const { store } = context.openStore();
      const asset = store.assets.get(assetId);
      if (asset.kind !== 'video') throw new ApiError('invalid_request', `${asset.originalName} is not a video.`);
      const outcome = videoAnalysisOutcome(store, assetId);
      return {
        assetId,
        analysed: outcome !== null,
        ok: outcome?.ok ?? false,
        message: outcome?.message ?? null,
        counters: outcome?.counters ?? null,
        trackSetIds: store.repository(TrackSetsRepo).idsFromAsset(assetId),
        lastRun: store.jobs.latestOfAsset(assetId, ['analyze-face', 'fit-tracks']),
      };
    },
  };
}
