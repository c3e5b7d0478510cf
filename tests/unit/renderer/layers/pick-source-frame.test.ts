import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MienClient, Scene, ScenePatch } from '../../../../src/shared/api';
import { History } from '../../../../src/shared/history';
import {
  isExpressionSourceVideo,
  shownSourceFrame,
  useLayersStore,
  writeScenePatch,
} from '../../../../src/renderer/layers/layers-store';
import { pickSourceFrame } from '../../../../src/renderer/layers/pick-source-frame';

const scene: Scene = {
  id: 'scene-1',
  projectId: 'project-1',
  name: 'Scene 1',
  assetId: 'portrait-1',
  faceIndex: 0,
  generator: 'warp',
  layerMix: {},
  expressionSource: { assetId: 'video-1', frameIndex: 3, neutralFrameIndex: null },
  durationSeconds: 3,
  fps: 30,
  createdAt: 0,
  updatedAt: 0,
};

/** A client over one scene whose scenes.update answers only when `release` is called. */
function gatedClient() {
  let current = scene;
  const patches: ScenePatch[] = [];
  const waiting: (() => void)[] = [];
  const call = (method: string, params: { id: string; patch: ScenePatch }): Promise<unknown> => {
    if (method !== 'scenes.update') throw new Error(`unexpected ${method}`);
    patches.push(params.patch);
    return new Promise((resolve) =>
      waiting.push(() => {
        current = { ...current, ...params.patch };
        resolve(current);
      }),
    );
  };
  const release = async () => {
    await vi.waitFor(() => expect(waiting.length).toBeGreaterThan(0));
    waiting.shift()!();
  };
  return { client: { call } as unknown as MienClient, patches, release, scene: () => current };
}

const target = { projectId: 'project-1', assetId: 'portrait-1' };

afterEach(() =>
  useLayersStore.setState({ assetId: null, scene: null, draftMix: null, draftFrame: null, overlay: null }),
);

describe('the expression frame shared by the layers and tracks sliders', () => {
  it('links only the video that is the shown portrait’s expression source', () => {
    const state = { assetId: 'portrait-1', scene };
    expect(isExpressionSourceVideo(state, 'portrait-1', 'video-1')).toBe(true);
    expect(isExpressionSourceVideo(state, 'portrait-1', 'video-2')).toBe(false);
    expect(isExpressionSourceVideo(state, 'portrait-1', null)).toBe(false);
    expect(isExpressionSourceVideo(state, 'portrait-2', 'video-1')).toBe(false);
    expect(isExpressionSourceVideo({ assetId: 'portrait-2', scene }, 'portrait-1', 'video-1')).toBe(false);
    const photoSource = {
      ...scene,
      expressionSource: { assetId: 'video-1', frameIndex: null, neutralFrameIndex: null },
    };
    expect(isExpressionSourceVideo({ assetId: 'portrait-1', scene: photoSource }, 'portrait-1', 'video-1')).toBe(false);
  });

  it('a released drag is one undo step; its draft stays shown until the scene is saved', async () => {
    const fake = gatedClient();
    const services = { client: fake.client, history: new History() };
    useLayersStore.setState({ assetId: 'portrait-1', scene, draftFrame: 12 });

    pickSourceFrame(services, target, 12);
    // Before the save answers, both sliders still show the dragged frame, not the old one.
    expect(shownSourceFrame(useLayersStore.getState())).toBe(12);
    await fake.release();
    await vi.waitFor(() => expect(useLayersStore.getState().draftFrame).toBeNull());
    expect(shownSourceFrame(useLayersStore.getState())).toBe(12);
    expect(fake.patches).toEqual([
      { expressionSource: { assetId: 'video-1', frameIndex: 12, neutralFrameIndex: null } },
    ]);
    // Entered in the history once its save has answered.
    await vi.waitFor(() => expect(services.history.snapshot().undoLabel).toBe('pick the expression frame'));

    const undone = services.history.undo();
    await fake.release();
    await undone;
    expect(fake.scene().expressionSource?.frameIndex).toBe(3);
    expect(shownSourceFrame(useLayersStore.getState())).toBe(3);
    expect(services.history.snapshot().canUndo).toBe(false);
  });

  it('releasing on the frame the scene holds saves nothing and drops the draft', () => {
    const fake = gatedClient();
    const services = { client: fake.client, history: new History() };
    useLayersStore.setState({ assetId: 'portrait-1', scene, draftFrame: 3 });
    pickSourceFrame(services, target, 3);
    expect(fake.patches).toEqual([]);
    expect(useLayersStore.getState().draftFrame).toBeNull();
    expect(services.history.snapshot().canUndo).toBe(false);
  });

  it('a pick saved after the slider moved on keeps the newer draft, so the next key steps from it', async () => {
    const fake = gatedClient();
    const services = { client: fake.client, history: new History() };
    useLayersStore.setState({ assetId: 'portrait-1', scene, draftFrame: 4 });
    pickSourceFrame(services, target, 4);
    // More arrow keys while the save of frame 4 is on its way.
    useLayersStore.setState({ draftFrame: 9 });
    await fake.release();
    await vi.waitFor(() => expect(fake.scene().expressionSource?.frameIndex).toBe(4));
    await vi.waitFor(() => expect(useLayersStore.getState().scene?.expressionSource?.frameIndex).toBe(4));
    expect(useLayersStore.getState().draftFrame).toBe(9);
    expect(shownSourceFrame(useLayersStore.getState())).toBe(9);

    // The keys stop: frame 9 is picked and saved, and then the draft goes.
    pickSourceFrame(services, target, 9);
    await fake.release();
    await vi.waitFor(() => expect(useLayersStore.getState().draftFrame).toBeNull());
    expect(shownSourceFrame(useLayersStore.getState())).toBe(9);
  });

  it('a saved change of the expression source drops any draft frame', async () => {
    const fake = gatedClient();
    useLayersStore.setState({ assetId: 'portrait-1', scene, draftFrame: 9 });
    const written = writeScenePatch(fake.client, 'scene-1', {
      expressionSource: { assetId: 'video-2', frameIndex: 0, neutralFrameIndex: null },
    });
    await fake.release();
    await written;
    expect(useLayersStore.getState().draftFrame).toBeNull();
  });
});
