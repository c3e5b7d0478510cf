import { afterEach, describe, expect, it } from 'vitest';
import type { Scene } from '../../../../src/shared/api';
import { evaluateKeyframes, makeKeyframe, sceneStateAt, type Track } from '../../../../src/shared/timeline';
import { layersOverlayAt, sourceFrameKeys, splitLayerEdit } from '../../../../src/renderer/layers/layer-keying';
import {
  layersPreviewInputs,
  shownLayerMix,
  shownSourceFrame,
  useLayersStore,
} from '../../../../src/renderer/layers/layers-store';
import { withKey } from '../../../../src/renderer/timeline/auto-key';
import { layerValueAt } from '../../../../src/renderer/timeline/layer-rows';
import { zeroValues } from '../../../../src/renderer/rig/rig-values';

const mouth: Track = {
  parameter: 'layer.mouth',
  keyframes: [makeKeyframe(0, 0.2, { id: 'a' }), makeKeyframe(1, 1, { id: 'b' })],
};
const frame: Track = {
  parameter: 'source.frame',
  keyframes: [makeKeyframe(0, 4, { id: 'f', type: 'hold' }), makeKeyframe(2, 40, { id: 'g', type: 'hold' })],
};

const scene: Scene = {
  id: 'scene-1',
  projectId: 'project-1',
  name: 'Scene 1',
  assetId: 'portrait-1',
  faceIndex: 0,
  generator: 'warp',
  layerMix: { mouth: 0.5, brows: 0.3 },
  expressionSource: { assetId: 'video-1', frameIndex: 7, neutralFrameIndex: null },
  durationSeconds: 3,
  fps: 30,
  createdAt: 0,
  updatedAt: 0,
};

describe('layer auto-key', () => {
  it('an animated layer gets a key at the playhead; a static one changes the scene’s mix', () => {
    const shown = { ...scene.layerMix, mouth: 0.6 }; // the mouth's curve at 0.5 s
    const to = { ...shown, mouth: 0.9, brows: 0.7 };
    const { staticTo, tracksTo } = splitLayerEdit(scene.layerMix, shown, to, [mouth], 0.5);
    expect(staticTo).toEqual({ mouth: 0.5, brows: 0.7 });
    expect(tracksTo![0]!.keyframes.map((key) => [key.time, key.value])).toEqual([
      [0, 0.2],
      [0.5, 0.9],
      [1, 1],
    ]);
    // The input tracks are left alone (undo keeps them).
    expect(mouth.keyframes).toHaveLength(2);
  });

  it('an unchanged alpha makes neither a key nor a patch', () => {
    const shown = { ...scene.layerMix, mouth: 0.6 };
    expect(splitLayerEdit(scene.layerMix, shown, { ...shown }, [mouth], 0.5)).toEqual({
      staticTo: null,
      tracksTo: null,
    });
  });

  it('the source frame keys as a whole-frame hold key when animated, and is static otherwise', () => {
    const keyed = sourceFrameKeys([frame], 12.6, 1);
    const track = keyed!.find((candidate) => candidate.parameter === 'source.frame')!;
    expect(track.keyframes.map((key) => [key.time, key.value, key.type])).toEqual([
      [0, 4, 'hold'],
      [1, 13, 'hold'],
      [2, 40, 'hold'],
    ]);
    // Stepped: 1.9 s still shows the key at 1 s.
    expect(evaluateKeyframes(track.keyframes, 1.9)).toBe(13);
    expect(sourceFrameKeys([mouth], 12, 1)).toBeNull();
    // The ◆ of the source frame makes its first key a hold key too.
    expect(withKey([], 'source.frame', 0.5, 3.4)[0]!.keyframes[0]).toMatchObject({ value: 3, type: 'hold' });
  });

  it('the overlay is what the one evaluator gives at the playhead, keyed values only', () => {
    const tracks = [mouth, frame, { parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0.4)] } as Track];
    for (const time of [0, 0.25, 0.5, 1, 1.5, 2.5]) {
      const overlay = layersOverlayAt('scene-1', tracks, time);
      const state = sceneStateAt({ ...zeroValues(), layerMix: {}, sourceFrame: null }, tracks, time);
      expect(overlay).toEqual({ sceneId: 'scene-1', layerMix: state.layerMix, sourceFrame: state.sourceFrame });
      expect(Object.keys(overlay.layerMix)).toEqual(['mouth']);
      // The dope sheet's and the panel's view of a value agree with it.
      expect(layerValueAt('layer.mouth', tracks, scene, time)).toBe(overlay.layerMix.mouth);
      expect(layerValueAt('source.frame', tracks, scene, time)).toBe(overlay.sourceFrame);
    }
    expect(layerValueAt('layer.brows', tracks, scene, 1)).toBe(0.3);
    expect(layerValueAt('layer.eyes', tracks, scene, 1)).toBe(1); // the layer's default
    expect(layerValueAt('layer.head', tracks, scene, 1)).toBe(0);
  });
});

describe('layers store: shown values and preview inputs', () => {
  afterEach(() =>
    useLayersStore.setState({ assetId: null, scene: null, draftMix: null, draftFrame: null, overlay: null }),
  );

  it('shows the keyed values at the playhead over the scene’s, and the preview renders them', () => {
    useLayersStore.setState({ assetId: 'portrait-1', scene, overlay: layersOverlayAt(scene.id, [mouth, frame], 0.5) });
    const state = useLayersStore.getState();
    const shown = shownLayerMix(state);
    expect(Object.keys(shown).sort()).toEqual(['brows', 'mouth']);
    expect(shown.mouth).toBeCloseTo(0.6, 12); // halfway from 0.2 to 1
    expect(shown.brows).toBe(0.3);
    expect(shownSourceFrame(state)).toBe(4);
    expect(layersPreviewInputs('portrait-1', state)).toEqual({ sceneId: 'scene-1', layerMix: shown, sourceFrame: 4 });
    // A drag's draft wins over both.
    useLayersStore.setState({ draftMix: { mouth: 0.1, brows: 0.3 }, draftFrame: 9 });
    expect(layersPreviewInputs('portrait-1')).toEqual({
      sceneId: 'scene-1',
      layerMix: { mouth: 0.1, brows: 0.3 },
      sourceFrame: 9,
    });
  });

  it('ignores another scene’s overlay and leaves the saved scene to the engine when nothing is keyed', () => {
    useLayersStore.setState({ assetId: 'portrait-1', scene, overlay: layersOverlayAt('other', [mouth, frame], 0.5) });
    expect(shownLayerMix(useLayersStore.getState())).toEqual(scene.layerMix);
    expect(shownSourceFrame(useLayersStore.getState())).toBe(7);
    expect(layersPreviewInputs('portrait-1')).toEqual({ sceneId: 'scene-1' });
  });
});
