import { bakeToTracks } from '../../shared/animate';
import { MAX_SCENE_SECONDS, type MienClient, type Scene, type ScenePatch, type Track } from '../../shared/api';
import {
  EXPRESSION_LAYERS,
  expressionAlphas,
  mostNeutralFrame,
  retargetChannels,
  type ExpressionLayerId,
} from '../../shared/generate';
import type { Command } from '../../shared/history';
import { SCENE_FPS } from '../../shared/timeline';
import { writeScenePatch } from './layers-store';

const DEFAULT_ALPHAS = Object.fromEntries(EXPRESSION_LAYERS.map((layer) => [layer.id, layer.defaultAlpha])) as Record<
  ExpressionLayerId,
  number
>;

/**
 * Face video retargeting onto the timeline (issue 9): every frame of the scene's expression video,
 * relative to its neutral frame and with the layers' alphas as per-layer strength, becomes keys of
 * the portrait's coefficient and head tracks (bakeToTracks: key reduction within 0.01 / 0.1°). The
 * scene then animates by its tracks alone, so its expression source is cleared (it would be applied
 * twice) and its length becomes the video's. One undo step puts the timeline and the scene back.
 */
export async function retargetToTimelineCommand(
  client: MienClient,
  target: { projectId: string; assetId: string; scene: Scene },
): Promise<Command> {
  const { scene } = target;
  const source = scene.expressionSource;
  if (!source) throw new Error('Choose a driving video as the expression source first.');
  const trackSet = (await client.call('tracks.list', { projectId: target.projectId })).find(
    (set) => set.source.assetId === source.assetId,
  );
  if (!trackSet) throw new Error('The video has no coefficient tracks yet: its face tracking has not finished.');
  const values = await client.call('tracks.get', { trackSetId: trackSet.id });
  const byName = new Map(values.channels.map((channel) => [channel.name, channel.values]));
  const driver = {
    fps: trackSet.fps,
    frameCount: trackSet.frameCount,
    measured: values.measured,
    channel: (name: string) => byName.get(name),
  };
  const rig = await client.call('rig.get', { assetId: target.assetId });
  const frames = retargetChannels({ coefficients: rig.coefficients, head: rig.head }, driver, {
    neutralFrame: source.neutralFrameIndex ?? mostNeutralFrame(driver),
    mode: 'relative',
    alphas: expressionAlphas(scene.layerMix, DEFAULT_ALPHAS),
  });
  const baked = bakeToTracks(frames) as Track[];
  const fps = (SCENE_FPS as readonly number[]).includes(trackSet.fps) ? (trackSet.fps as Scene['fps']) : scene.fps;
  const after: ScenePatch = {
    expressionSource: null,
    durationSeconds: Math.min(MAX_SCENE_SECONDS, Math.max(1 / fps, trackSet.frameCount / trackSet.fps)),
    fps,
  };
  const before: ScenePatch = {
    expressionSource: scene.expressionSource,
    durationSeconds: scene.durationSeconds,
    fps: scene.fps,
  };
  let previousTracks: Track[] | null = null;
  const saveTracks = async (tracks: (current: Track[]) => Track[]) => {
    const timeline = await client.call('timeline.get', { sceneId: scene.id });
    previousTracks ??= timeline.tracks;
    await client.call('timeline.save', {
      sceneId: scene.id,
      tracks: tracks(timeline.tracks),
      baseRevision: timeline.revision,
    });
  };
  const moved = new Set(baked.map((track) => track.parameter));
  return {
    label: 'retarget the video onto the timeline',
    scopes: [target.projectId, target.assetId],
    async apply() {
      // The retargeted parameters replace their tracks; every other track stays.
      await saveTracks((current) => [...current.filter((track) => !moved.has(track.parameter)), ...baked]);
      await writeScenePatch(client, scene.id, after);
    },
    async revert() {
      const restore = previousTracks ?? [];
      await saveTracks(() => restore);
      await writeScenePatch(client, scene.id, before);
    },
  };
}
