import { afterEach, describe, expect, it } from 'vitest';
import type { MienClient, Scene, Track } from '../../../../src/shared/api';
import { History } from '../../../../src/shared/history';
import { makeKeyframe } from '../../../../src/shared/timeline';
import { deleteScene } from '../../../../src/renderer/timeline/scene-loading';
import { sceneAfterDeletion, sceneNameProblem } from '../../../../src/renderer/timeline/scene-names';
import { scenePatchCommand, tracksCommand } from '../../../../src/renderer/timeline/timeline-commands';
import { useTimelineStore } from '../../../../src/renderer/timeline/timeline-store';

const sceneOf = (id: string, name: string): Scene => ({
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
  createdAt: 0,
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
  });

  it('accepts a free name, the longest allowed, and the scene keeping its own name', () => {
    expect(sceneNameProblem('Big smile', scenes, 'a')).toBeNull();
    expect(sceneNameProblem('x'.repeat(200), scenes, 'a')).toBeNull();
    expect(sceneNameProblem('Smile', scenes, 'b')).toBeNull();
    // The engine's uniqueness is exact (SQL =), and so is this: another case is another name.
    expect(sceneNameProblem('smile', scenes, 'a')).toBeNull();
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

/** A client over the portrait's scenes: deletes, timelines and patches, recording the calls. */
function fakeClient(initial: Scene[]) {
  const scenes = new Map(initial.map((scene) => [scene.id, scene]));
  const calls: string[] = [];
  const jaw: Track = { parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0.5, { id: 'k' })] };
  const call = async (method: string, params: Record<string, unknown>): Promise<unknown> => {
    calls.push(`${method} ${String(params.id ?? params.sceneId)}`);
    switch (method) {
      case 'scenes.delete':
        if (!scenes.delete(params.id as string)) throw new Error('not found');
        return { ok: true };
      case 'timeline.get':
        return { sceneId: params.sceneId, tracks: params.sceneId === 'b' ? [jaw] : [], revision: 1 };
      case 'timeline.save':
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
  return { client: { call } as unknown as MienClient, calls };
}

describe('deleting and renaming scenes (timeline store)', () => {
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

  it('deleting the open scene opens the next with its timeline and drops the deleted scene’s undo steps', async () => {
    const scenes = [sceneOf('a', 'Scene 1'), sceneOf('b', 'Scene 2')];
    const { client, calls } = fakeClient(scenes);
    open(scenes, 'a');
    const history = new History();
    const target = { client, projectId: 'project-1', assetId: 'portrait-1', sceneId: 'a' };
    await history.execute(scenePatchCommand(target, 'rename scene', { name: 'Scene 1' }, { name: 'Intro' }));
    expect(useTimelineStore.getState().scenes!.map((scene) => scene.name)).toEqual(['Intro', 'Scene 2']);
    expect(history.snapshot().undoLabel).toBe('rename scene');

    await deleteScene(client, history, useTimelineStore.getState().scene!);
    const state = useTimelineStore.getState();
    expect(calls).toContain('scenes.delete a');
    expect(state.scenes!.map((scene) => scene.id)).toEqual(['b']);
    expect(state.scene?.id).toBe('b');
    expect(state.tracks.map((track) => track.parameter)).toEqual(['rig.jawOpen']);
    // Undo would rename a scene that is gone: the step went with it.
    expect(history.snapshot().undoLabel).toBeNull();
  });

  it('deleting the only scene leaves none open; deleting another keeps the open one and its steps', async () => {
    const scenes = [sceneOf('a', 'Scene 1'), sceneOf('b', 'Scene 2')];
    const { client } = fakeClient(scenes);
    open(scenes, 'b');
    const history = new History();
    const jaw: Track = { parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0.2)] };
    const target = { client, projectId: 'project-1', assetId: 'portrait-1', sceneId: 'b' };
    await history.execute(tracksCommand(target, { label: 'add key', from: [], to: [jaw] }));

    await deleteScene(client, history, scenes[0]!);
    expect(useTimelineStore.getState().scene?.id).toBe('b');
    expect(useTimelineStore.getState().scenes!.map((scene) => scene.id)).toEqual(['b']);
    expect(history.snapshot().undoLabel).toBe('add key');

    await deleteScene(client, history, scenes[1]!);
    const state = useTimelineStore.getState();
    expect(state.scene).toBeNull();
    expect(state.scenes).toEqual([]);
    expect(state.tracks).toEqual([]);
    expect(state.frame).toBe(0);
    expect(history.snapshot().undoLabel).toBeNull();
  });

  it('a refused delete changes nothing', async () => {
    const scenes = [sceneOf('a', 'Scene 1')];
    const { client } = fakeClient([]);
    open(scenes, 'a');
    await expect(deleteScene(client, new History(), scenes[0]!)).rejects.toThrow('not found');
    expect(useTimelineStore.getState().scene?.id).toBe('a');
  });
});
