import { describe, expect, it } from 'vitest';
import type { InstalledModelView, MienClient, Scene, ScenePatch } from '../../../../src/shared/api';
import { History } from '../../../../src/shared/history';
import {
  backendChoices,
  isStyleBackend,
  styleAlphas,
  withStyleDefaults,
} from '../../../../src/renderer/layers/backends';
import { useLayersStore } from '../../../../src/renderer/layers/layers-store';
import { changeLayersScene } from '../../../../src/renderer/layers/scene-edit';

const styleInfo = {
  layers: [
    { id: 'layer-0', name: 'Coarse 1', controls: '', defaultAlpha: 0 },
    { id: 'layer-1', name: 'Middle 2', controls: '', defaultAlpha: 1 },
    { id: 'layer-2', name: 'Fine 3', controls: '', defaultAlpha: 0 },
  ],
};

const model = (id: string, role: InstalledModelView['role']) => ({ id, role }) as InstalledModelView;

const scene: Scene = {
  id: 'scene-1',
  projectId: 'project-1',
  name: 'Scene 1',
  assetId: 'portrait-1',
  faceIndex: 0,
  generator: 'warp',
  layerMix: { mouth: 0.4, eyes: 0 },
  expressionSource: { assetId: 'photo-2', frameIndex: null, neutralFrameIndex: null },
  durationSeconds: 3,
  fps: 30,
  createdAt: 0,
  updatedAt: 0,
};

/** A client over one scene that records every scenes.update patch. */
function fakeClient() {
  let current = scene;
  const patches: ScenePatch[] = [];
  const call = async (method: string, params: { id: string; patch: ScenePatch }): Promise<unknown> => {
    if (method !== 'scenes.update') throw new Error(`unexpected ${method}`);
    patches.push(params.patch);
    current = { ...current, ...params.patch };
    return current;
  };
  return { client: { call } as unknown as MienClient, scene: () => current, patches };
}

describe('layers panel backends', () => {
  it('offers the warp first, then the installed synthesis models, and keeps a scene model that is not installed', () => {
    const models = [model('ffhq', 'synthesis'), model('vgg', 'perceptual'), model('cats', 'synthesis')];
    expect(backendChoices(models, 'warp').map((choice) => choice.id)).toEqual(['warp', 'ffhq', 'cats']);
    const gone = backendChoices(models, 'removed');
    expect(gone.at(-1)).toEqual({ id: 'removed', label: 'Style model: removed (not installed)', missing: true });
    expect(isStyleBackend('warp')).toBe(false);
    expect(isStyleBackend('ffhq')).toBe(true);
    expect(isStyleBackend(undefined)).toBe(false);
  });

  it('fills the style layers from the model defaults and resets them without touching the warp alphas', () => {
    expect(styleAlphas(styleInfo, { mouth: 0.4, 'layer-0': 0.7 })).toEqual({
      'layer-0': 0.7,
      'layer-1': 1,
      'layer-2': 0,
    });
    expect(withStyleDefaults(styleInfo, { mouth: 0.4, 'layer-1': 0.2 })).toEqual({
      mouth: 0.4,
      'layer-0': 0,
      'layer-1': 1,
      'layer-2': 0,
    });
  });

  it('switching to a style model, moving a style slider and switching back keep the source and the warp alphas; each is one undo step', async () => {
    useLayersStore.setState({ assetId: 'portrait-1', scene, draftMix: null, draftFrame: null });
    const fake = fakeClient();
    const services = { client: fake.client, history: new History() };
    const target = { projectId: 'project-1', assetId: 'portrait-1' };

    await changeLayersScene(services, target, 'use ffhq', { generator: 'ffhq' });
    expect(useLayersStore.getState().scene?.generator).toBe('ffhq');
    const before = useLayersStore.getState().scene!.layerMix;
    const after = { ...before, 'layer-0': 0.6 };
    await changeLayersScene(services, target, 'set Coarse 1', { layerMix: after, generator: 'ffhq' });
    await changeLayersScene(services, target, 'use the warp', { generator: 'warp' });

    expect(fake.scene()).toMatchObject({
      generator: 'warp',
      layerMix: { mouth: 0.4, eyes: 0, 'layer-0': 0.6 },
      expressionSource: scene.expressionSource,
    });
    // Undo walks back through the switch and the slider, one step each.
    await services.history.undo();
    expect(fake.scene().generator).toBe('ffhq');
    await services.history.undo();
    expect(fake.scene().layerMix).toEqual({ mouth: 0.4, eyes: 0 });
    expect(useLayersStore.getState().scene?.layerMix).toEqual({ mouth: 0.4, eyes: 0 });
    await services.history.undo();
    expect(fake.scene().generator).toBe('warp');
    expect(fake.patches.at(-1)).toEqual({ generator: 'warp' });
    await services.history.redo();
    await services.history.redo();
    expect(fake.scene()).toMatchObject({ generator: 'ffhq', layerMix: { mouth: 0.4, eyes: 0, 'layer-0': 0.6 } });
  });
});
