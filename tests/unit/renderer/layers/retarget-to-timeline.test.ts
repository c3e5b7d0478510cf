import { describe, expect, it } from 'vitest';
import type { MienClient, Scene, Track } from '../../../../src/shared/api';
import { evaluateKeyframes } from '../../../../src/shared/timeline';
import { coefficientsToRecord } from '../../../../src/shared/rig';
import { retargetToTimelineCommand } from '../../../../src/renderer/layers/retarget-to-timeline';
import { useLayersStore } from '../../../../src/renderer/layers/layers-store';

const FRAMES = 50;
const jaw = (f: number) => 0.1 + 0.4 * Math.sin((Math.PI * f) / (FRAMES - 1));

/** A client over one project: a tracked video, the portrait's rig, a scene and its timeline. */
function fakeClient(scene: Scene) {
  let timeline = { sceneId: scene.id, revision: 3, tracks: [{ parameter: 'layer.mouth', keyframes: [] }] as Track[] };
  let current = scene;
  const values = new Float32Array(FRAMES);
  for (let f = 0; f < FRAMES; f++) values[f] = jaw(f);
  const call = async (method: string, params: Record<string, unknown>): Promise<unknown> => {
    switch (method) {
      case 'tracks.list':
        return [{ id: 'set-1', source: { assetId: 'video-1' }, fps: 25, frameCount: FRAMES }];
      case 'tracks.get':
        return {
          measured: new Uint8Array(FRAMES).fill(1),
          channels: [{ name: 'rig.jawOpen', unit: 'coefficient', values }],
        };
      case 'rig.get':
        return {
          coefficients: { ...coefficientsToRecord(new Float32Array(52)), jawOpen: 0.05 },
          head: { yawDeg: 0, pitchDeg: 0, rollDeg: 0 },
        };
      case 'timeline.get':
        return timeline;
      case 'timeline.save':
        expect(params.baseRevision).toBe(timeline.revision);
        timeline = { ...timeline, tracks: params.tracks as Track[], revision: timeline.revision + 1 };
        return timeline;
      case 'scenes.update':
        current = { ...current, ...(params.patch as object) };
        return current;
      default:
        throw new Error(`unexpected ${method}`);
    }
  };
  return { client: { call } as unknown as MienClient, timeline: () => timeline, scene: () => current };
}

const scene: Scene = {
  id: 'scene-1',
  projectId: 'project-1',
  name: 'Scene 1',
  assetId: 'portrait-1',
  faceIndex: 0,
  generator: 'warp',
  layerMix: { mouth: 1 },
  expressionSource: { assetId: 'video-1', frameIndex: 0, neutralFrameIndex: null },
  durationSeconds: 3,
  fps: 30,
  createdAt: 0,
  updatedAt: 0,
};

describe('retarget onto the timeline', () => {
  it('bakes the driver relative to its most neutral frame into reduced keys; one command undoes it all', async () => {
    useLayersStore.setState({ assetId: 'portrait-1', scene });
    const fake = fakeClient(scene);
    const command = await retargetToTimelineCommand(fake.client, {
      projectId: 'project-1',
      assetId: 'portrait-1',
      scene,
    });
    await command.apply();
    const tracks = fake.timeline().tracks;
    // The other track stays; the jaw gets a reduced track following portrait 0.05 + (driver - driver at rest).
    expect(tracks.map((track) => track.parameter).sort()).toEqual(['layer.mouth', 'rig.jawOpen']);
    const jawTrack = tracks.find((track) => track.parameter === 'rig.jawOpen')!;
    expect(jawTrack.keyframes.length).toBeLessThan(FRAMES / 2);
    for (let f = 0; f < FRAMES; f++) {
      expect(Math.abs(evaluateKeyframes(jawTrack.keyframes, f / 25)! - (0.05 + jaw(f) - jaw(0)))).toBeLessThan(0.011);
    }
    expect(fake.scene()).toMatchObject({ expressionSource: null, fps: 25, durationSeconds: FRAMES / 25 });

    await command.revert();
    expect(fake.timeline().tracks.map((track) => track.parameter)).toEqual(['layer.mouth']);
    expect(fake.scene()).toMatchObject({ expressionSource: scene.expressionSource, fps: 30, durationSeconds: 3 });
  });
});
