import { afterEach, describe, expect, it } from 'vitest';
import type { MienClient, Scene, Track } from '../../../../src/shared/api';
import { History } from '../../../../src/shared/history';
import { makeKeyframe } from '../../../../src/shared/timeline';
import { sceneAfterDeletion, sceneNameProblem } from '../../../../src/renderer/timeline/scene-names';
import {
  addSceneCommand,
  deleteSceneCommand,
  frameRateCommand,
  scenePatchCommand,
  tracksCommand,
} from '../../../../src/renderer/timeline/timeline-commands';
import { useTimelineStore } from '../../../../src/renderer/timeline/timeline-store';

const sceneOf = (id: string, name: string, createdAt = 0): Scene => ({
  id,
  projectId: 'project-1',
  name,
  assetId: 'portrait-1',
  faceIndex: 0,
  generator: 'warp',
  layerMix: {},
  expressionSource: null,
  durationSeconds: 3,
  fps: 30,
  createdAt,
  updatedAt: 0,
});

describe('scene names', () => {
  const scenes = [sceneOf('a', 'Scene 1'), sceneOf('b', 'Smile')];

  it('refuses an empty name, one too long, and one another scene of the portrait has', () => {
    expect(sceneNameProblem('   ', scenes, 'a')).toBe('A scene needs a name.');
    expect(sceneNameProblem('x'.repeat(201), scenes, 'a')).toBe(
      'A scene name has at most 200 characters (this one has 201).',
    );
    expect(sceneNameProblem(' Smile ', scenes, 'a')).toBe('There is already a scene named “Smile”.');
    // As the engine compares them: case and surrounding spaces do not make another name.
    expect(sceneNameProblem(' sMILE', scenes, 'a')).toBe('There is already a scene named “Smile”.');
  });

  it('accepts a free name, the longest allowed, and the scene keeping its own name', () => {
    expect(sceneNameProblem('Big smile', scenes, 'a')).toBeNull();
    expect(sceneNameProblem('x'.repeat(200), scenes, 'a')).toBeNull();
    expect(sceneNameProblem('Smile', scenes, 'b')).toBeNull();
    expect(sceneNameProblem('SMILE', scenes, 'b')).toBeNull();
  });

  it('after a deletion opens the next scene, else the one before, else none; another deletion keeps the open one', () => {
    const three = [sceneOf('a', '1'), sceneOf('b', '2'), sceneOf('c', '3')];
    expect(sceneAfterDeletion(three, 'a', 'a')?.id).toBe('b');
    expect(sceneAfterDeletion(three, 'b', 'b')?.id).toBe('c');
    expect(sceneAfterDeletion(three, 'c', 'c')?.id).toBe('b');
    expect(sceneAfterDeletion(three, 'c', 'a')?.id).toBe('a');
    expect(sceneAfterDeletion([sceneOf('a', '1')], 'a', 'a')).toBeNull();
  });
});

/** A client over the project's scenes (in creation order), their tracks and masks, recording the calls. */
function fakeClient(
  initial: Scene[],
  initialTracks: Record<string, Track[]> = {},
  initialMasks: Record<string, Record<string, Uint8Array>> = {},
) {
  const scenes = new Map(initial.map((scene) => [scene.id, scene]));
  const tracks = new Map(Object.entries(initialTracks));
  const masks = new Map(
    Object.entries(initialMasks).map(([sceneId, layers]) => [sceneId, new Map(Object.entries(layers))]),
  );
  // A mask's "blob": its bytes under a made-up hash, served as a data: URL (fetch reads those in Node too).
  const blobs = new Map<string, Uint8Array>();
  const hashOf = (png: Uint8Array) => {
    const sha = Buffer.from(png).toString('hex').padEnd(64, '0').slice(0, 64);
    blobs.set(sha, png);
    return sha;
  };
  const calls: string[] = [];
  let created = 0;
  const call = async (method: string, params: Record<string, unknown>): Promise<unknown> => {
    const scene = params.scene as Scene | undefined;
    calls.push(`${method} ${String(params.id ?? params.sceneId ?? scene?.id ?? '')}`.trim());
    switch (method) {
      case 'scenes.list':
        return [...scenes.values()].sort((a, b) => a.createdAt - b.createdAt);
      case 'scenes.create': {
        created += 1;
        const added = sceneOf(`new-${created}`, `Scene ${scenes.size + 1}`, 100 + created);
        scenes.set(added.id, added);
        return added;
      }
      case 'scenes.delete':
        if (!scenes.delete(params.id as string)) throw new Error('not found');
        tracks.delete(params.id as string);
        masks.delete(params.id as string);
        return { ok: true };
      case 'masks.list':
        return [...(masks.get(params.sceneId as string) ?? [])].map(([layer, png]) => ({
          sceneId: params.sceneId,
          layer,
          sha256: hashOf(png),
        }));
      case 'masks.set': {
        const layers = masks.get(params.sceneId as string) ?? new Map<string, Uint8Array>();
        layers.set(params.layer as string, params.png as Uint8Array);
        masks.set(params.sceneId as string, layers);
        return { sceneId: params.sceneId, layer: params.layer, sha256: hashOf(params.png as Uint8Array) };
      }
      case 'scenes.restore': {
        if (scenes.has(scene!.id)) throw new Error('conflict');
        const restored = { ...scene!, updatedAt: 1 };
        scenes.set(restored.id, restored);
        tracks.set(restored.id, params.tracks as Track[]);
        return restored;
      }
      case 'timeline.get':
        if (!scenes.has(params.sceneId as string)) throw new Error('not found');
        return { sceneId: params.sceneId, tracks: tracks.get(params.sceneId as string) ?? [], revision: 1 };
      case 'timeline.save':
        tracks.set(params.sceneId as string, params.tracks as Track[]);
        return { sceneId: params.sceneId, tracks: params.tracks, revision: 2 };
      case 'scenes.update': {
        const updated = { ...scenes.get(params.id as string)!, ...(params.patch as object) };
        scenes.set(updated.id, updated);
        return updated;
      }
      default:
        throw new Error(`unexpected ${method}`);
    }
  };
  const mediaUrl = (sha: string) => `data:image/png;base64,${Buffer.from(blobs.get(sha)!).toString('base64')}`;
  return { client: { call, mediaUrl } as unknown as MienClient, calls, scenes, masks };
}

describe('deleting, adding and renaming scenes (timeline store)', () => {
  afterEach(() => useTimelineStore.setState({ scenes: null, scene: null, tracks: [], assetId: null }));

  const open = (scenes: Scene[], openId: string) =>
    useTimelineStore.setState({
      projectId: 'project-1',
      assetId: 'portrait-1',
      scenes,
      scene: scenes.find((scene) => scene.id === openId)!,
      tracks: [],
      frame: 12,
    });
  const shownNames = () => useTimelineStore.getState().scenes!.map((scene) => scene.name);
  const jaw: Track = { parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0.5, { id: 'k' })] };

  it('deleting the open scene opens the next; undo restores it where it was, open, with its keys; redo deletes it again', async () => {
    const scenes = [sceneOf('a', 'Scene 1', 1), sceneOf('b', 'Scene 2', 2), sceneOf('c', 'Scene 3', 3)];
    const mouthMask = new Uint8Array([137, 80, 78, 71, 1, 2, 3, 250]);
    const { client, calls, masks } = fakeClient(scenes, { b: [jaw] }, { b: { mouth: mouthMask } });
    open(scenes, 'b');
    const history = new History();
    const target = { client, projectId: 'project-1', assetId: 'portrait-1', sceneId: 'b' };
    await history.execute(scenePatchCommand(target, 'rename scene', { name: 'Scene 2' }, { name: 'Intro' }));
    const layerMix = { mouth: 0.4 };
    await history.execute(scenePatchCommand(target, 'set mix', { layerMix: {} }, { layerMix }));

    await history.execute(deleteSceneCommand(client, useTimelineStore.getState().scene!));
    expect(calls).toContain('scenes.delete b');
    expect(masks.has('b')).toBe(false);
    expect(shownNames()).toEqual(['Scene 1', 'Scene 3']);
    expect(useTimelineStore.getState().scene?.id).toBe('c');
    expect(useTimelineStore.getState().frame).toBe(0);
    expect(history.snapshot().undoLabel).toBe('delete scene');

    expect(await history.undo()).toBe(true);
    const restored = useTimelineStore.getState();
    expect(calls).toContain('scenes.restore b');
    expect(shownNames()).toEqual(['Scene 1', 'Intro', 'Scene 3']);
    expect(restored.scene).toMatchObject({ id: 'b', name: 'Intro', layerMix, createdAt: 2 });
    expect(restored.tracks).toEqual([jaw]);
    // Its painted mask went with it and came back byte for byte.
    expect([...(masks.get('b') ?? [])]).toEqual([['mouth', mouthMask]]);
    // The steps before the deletion apply to the restored scene (same id): undo the mix, then the name.
    expect(history.snapshot().undoLabel).toBe('set mix');
    await history.undo();
    await history.undo();
    expect(useTimelineStore.getState().scene).toMatchObject({ id: 'b', name: 'Scene 2', layerMix: {} });
    await history.redo();
    await history.redo();
    expect(await history.redo()).toBe(true);
    expect(shownNames()).toEqual(['Scene 1', 'Scene 3']);
    expect(useTimelineStore.getState().scene?.id).toBe('c');
    expect(history.snapshot().undoLabel).toBe('delete scene');
  });

  it('deleting the only scene leaves none open; deleting another keeps the open one; undo brings each back', async () => {
    const scenes = [sceneOf('a', 'Scene 1', 1), sceneOf('b', 'Scene 2', 2)];
    const { client } = fakeClient(scenes);
    open(scenes, 'b');
    const history = new History();
    const target = { client, projectId: 'project-1', assetId: 'portrait-1', sceneId: 'b' };
    await history.execute(tracksCommand(target, { label: 'add key', from: [], to: [jaw] }));

    await history.execute(deleteSceneCommand(client, scenes[0]!));
    expect(useTimelineStore.getState().scene?.id).toBe('b');
    expect(shownNames()).toEqual(['Scene 2']);

    await history.execute(deleteSceneCommand(client, useTimelineStore.getState().scene!));
    const state = useTimelineStore.getState();
    expect(state.scene).toBeNull();
    expect(state.scenes).toEqual([]);
    expect(state.tracks).toEqual([]);
    expect(state.frame).toBe(0);

    // The key's waiting save was sent before the deletion: the restored scene has it.
    await history.undo();
    expect(useTimelineStore.getState().scene?.id).toBe('b');
    expect(useTimelineStore.getState().tracks).toEqual([jaw]);
    await history.undo();
    expect(shownNames()).toEqual(['Scene 1', 'Scene 2']);
    expect(useTimelineStore.getState().scene?.id).toBe('a');
    expect(history.snapshot().undoLabel).toBe('add key');
  });

  it('a frame rate change conforms the keys to the new frames in the same undo step; the playhead keeps its time', async () => {
    const scenes = [sceneOf('a', 'Scene 1', 1)];
    const smile: Track = {
      parameter: 'rig.mouthSmileLeft',
      keyframes: [makeKeyframe(27 / 30, 0.1), makeKeyframe(58 / 30, 0.3), makeKeyframe(89 / 30, 0.9)],
    };
    const { client, scenes: stored } = fakeClient(scenes, { a: [smile] });
    open(scenes, 'a');
    useTimelineStore.setState({ tracks: [smile], frame: 60 });
    const history = new History();
    const target = { client, projectId: 'project-1', assetId: 'portrait-1', sceneId: 'a' };
    await history.execute(frameRateCommand(target, scenes[0]!, [smile], 24));

    const state = useTimelineStore.getState();
    expect(state.scene?.fps).toBe(24);
    expect(stored.get('a')?.fps).toBe(24);
    // 0.900, 1.933 and 2.967 s land on frames 22, 46 and 71, the last frame at 24 fps.
    expect(state.tracks[0]!.keyframes.map((key) => key.time * 24)).toEqual([22, 46, 71]);
    expect(state.frame).toBe(48);
    expect(history.snapshot().undoLabel).toBe('change frame rate to 24 fps');

    expect(await history.undo()).toBe(true);
    expect(useTimelineStore.getState().scene?.fps).toBe(30);
    expect(useTimelineStore.getState().tracks).toEqual([smile]);
    expect(useTimelineStore.getState().frame).toBe(60);
    expect(history.snapshot().canUndo).toBe(false);
  });

  it('adding a scene is one step: undo deletes it, redo brings the same scene back', async () => {
    const scenes = [sceneOf('a', 'Scene 1', 1)];
    const { client, calls } = fakeClient(scenes);
    open(scenes, 'a');
    const history = new History();
    await history.execute(addSceneCommand(client, 'project-1', 'portrait-1'));
    expect(shownNames()).toEqual(['Scene 1', 'Scene 2']);
    expect(useTimelineStore.getState().scene?.id).toBe('new-1');
    await history.undo();
    expect(shownNames()).toEqual(['Scene 1']);
    expect(useTimelineStore.getState().scene?.id).toBe('a');
    await history.redo();
    expect(useTimelineStore.getState().scene).toMatchObject({ id: 'new-1', name: 'Scene 2' });
    expect(calls.filter((call) => call.startsWith('scenes.create'))).toHaveLength(1);
    expect(calls).toContain('scenes.restore new-1');
  });

  it('a refused delete changes nothing and enters no undo step', async () => {
    const scenes = [sceneOf('a', 'Scene 1')];
    const { client } = fakeClient([]);
    open(scenes, 'a');
    const history = new History();
    await expect(history.execute(deleteSceneCommand(client, scenes[0]!))).rejects.toThrow('not found');
    expect(useTimelineStore.getState().scene?.id).toBe('a');
    expect(history.snapshot().canUndo).toBe(false);
  });
});
