import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Asset, Job, Scene, Timeline, type Track } from '../../../src/shared/api';
import { apiErrorOf, startEngine, type Harness } from '../engine/engine-harness';

/** A plain grey photo: scenes are rows; nothing here renders. */
async function importPortrait(h: Harness, projectId: string, name: string): Promise<Asset> {
  const bytes = await sharp({ create: { width: 64, height: 80, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  const job = Job.parse(await h.call('assets.importBytes', { projectId, fileName: name, bytes }));
  expect((await h.waitForJob(job.id)).state).toBe('succeeded');
  const assets = await h.call('assets.list', { projectId });
  return Asset.parse(assets.find((asset) => asset.originalName === name));
}

const key = (id: string, time: number, value: number) => ({
  id,
  time,
  value,
  handles: [0, 0, 1, 1] as [number, number, number, number],
  connectedRight: true,
  type: 'bezier' as const,
});

const jawTrack: Track = { parameter: 'rig.jawOpen', keyframes: [key('a', 0, 0), key('b', 1, 0.8)] };

describe('scenes and timeline API', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startEngine();
  });
  afterEach(async () => {
    await h?.close();
  });

  it('creates scenes with defaults and unique names, updates, lists and deletes them', async () => {
    const project = await h.call('projects.create', { name: 'Scenes' });
    const portrait = await importPortrait(h, project.id, 'me.png');
    const first = Scene.parse(await h.call('scenes.create', { projectId: project.id, assetId: portrait.id }));
    expect(first).toMatchObject({
      name: 'Scene 1',
      assetId: portrait.id,
      faceIndex: 0,
      generator: 'warp',
      layerMix: {},
      expressionSource: null,
      durationSeconds: 3,
      fps: 30,
    });
    const second = await h.call('scenes.create', { projectId: project.id, assetId: portrait.id, name: 'Smile' });
    expect(
      (await apiErrorOf(h.call('scenes.create', { projectId: project.id, assetId: portrait.id, name: 'Smile' }))).code,
    ).toBe('conflict');
    const third = await h.call('scenes.create', { projectId: project.id, assetId: portrait.id });
    expect(third.name).toBe('Scene 2');

    const updated = await h.call('scenes.update', {
      id: second.id,
      patch: { durationSeconds: 2.5, fps: 25, layerMix: { mouth: 0.5 }, name: 'Big smile' },
    });
    expect(updated).toMatchObject({ name: 'Big smile', durationSeconds: 2.5, fps: 25, layerMix: { mouth: 0.5 } });
    expect((await apiErrorOf(h.call('scenes.update', { id: second.id, patch: { fps: 29 as 30 } }))).code).toBe(
      'invalid_request',
    );
    expect((await apiErrorOf(h.call('scenes.update', { id: second.id, patch: { name: 'Scene 1' } }))).code).toBe(
      'conflict',
    );
    // A rename is checked at the boundary: a blank or too long name never reaches the store.
    const blank = await apiErrorOf(h.call('scenes.update', { id: second.id, patch: { name: '   ' } }));
    expect(blank.code).toBe('invalid_request');
    expect(blank.message).toContain('a scene needs a name');
    const long = await apiErrorOf(h.call('scenes.update', { id: second.id, patch: { name: 'x'.repeat(201) } }));
    expect(long.code).toBe('invalid_request');
    expect(long.message).toContain('at most 200 characters');
    expect((await h.call('scenes.update', { id: second.id, patch: { name: ` ${'y'.repeat(200)} ` } })).name).toBe(
      'y'.repeat(200),
    );
    await h.call('scenes.update', { id: second.id, patch: { name: 'Big smile' } });
    // A backend is the warp or an installed synthesis model; none is installed here.
    const noModel = await apiErrorOf(h.call('scenes.update', { id: second.id, patch: { generator: 'ffhq' } }));
    expect(noModel.code).toBe('invalid_request');
    expect(noModel.message).toContain('no installed synthesis model "ffhq"');
    expect((await h.call('scenes.update', { id: second.id, patch: { generator: 'warp' } })).generator).toBe('warp');

    expect((await h.call('scenes.list', { projectId: project.id })).map((s) => s.name)).toEqual([
      'Scene 1',
      'Big smile',
      'Scene 2',
    ]);
    await h.call('scenes.delete', { id: first.id });
    expect((await apiErrorOf(h.call('timeline.get', { sceneId: first.id }))).code).toBe('not_found');
    expect((await h.call('scenes.list', { projectId: project.id })).map((s) => s.name)).toEqual([
      'Big smile',
      'Scene 2',
    ]);
  });

  it('names new scenes with the first free "Scene N" and refuses a name another scene has, ignoring case and spaces', async () => {
    const project = await h.call('projects.create', { name: 'Names' });
    const portrait = await importPortrait(h, project.id, 'me.png');
    const create = (name?: string) => h.call('scenes.create', { projectId: project.id, assetId: portrait.id, name });
    const names = async () => (await h.call('scenes.list', { projectId: project.id })).map((scene) => scene.name);
    const [one, two, three] = [await create(), await create(), await create()];
    expect([one.name, two.name, three.name]).toEqual(['Scene 1', 'Scene 2', 'Scene 3']);
    // Created within the same millisecond or not, each scene's creation time is its own (the list's order).
    expect(new Set([one.createdAt, two.createdAt, three.createdAt]).size).toBe(3);

    // A rename frees its number; a deletion frees its number; the next scene takes the lowest free one.
    await h.call('scenes.update', { id: one.id, patch: { name: 'Intro' } });
    expect((await create()).name).toBe('Scene 1');
    await h.call('scenes.delete', { id: two.id });
    expect((await create()).name).toBe('Scene 2');
    // "scene 4" (another case) takes Scene 4: the next default name skips it.
    await h.call('scenes.update', { id: three.id, patch: { name: ' scene 4 ' } });
    expect((await create()).name).toBe('Scene 3');
    expect((await create()).name).toBe('Scene 5');
    expect(await names()).toEqual(['Intro', 'scene 4', 'Scene 1', 'Scene 2', 'Scene 3', 'Scene 5']);

    // Renames and named creations that differ only in case or spaces are refused, naming the scene that has it.
    const clash = await apiErrorOf(h.call('scenes.update', { id: one.id, patch: { name: '  SCENE 2 ' } }));
    expect(clash.code).toBe('conflict');
    expect(clash.message).toBe('This project already has a scene named "Scene 2".');
    expect((await apiErrorOf(create('intro'))).code).toBe('conflict');
    expect((await apiErrorOf(create('Scene 4'))).message).toBe('This project already has a scene named "scene 4".');
    // A scene may change the case of its own name; another project may use any name.
    expect((await h.call('scenes.update', { id: one.id, patch: { name: 'INTRO' } })).name).toBe('INTRO');
    const other = await h.call('projects.create', { name: 'Other names' });
    const theirs = await importPortrait(h, other.id, 'them.png');
    expect((await h.call('scenes.create', { projectId: other.id, assetId: theirs.id, name: 'intro' })).name).toBe(
      'intro',
    );
    expect(await names()).toEqual(['INTRO', 'scene 4', 'Scene 1', 'Scene 2', 'Scene 3', 'Scene 5']);
  });

  it('restores a deleted scene with its id, place in the list, settings and keys; a taken name or a removed model does not block it', async () => {
    const project = await h.call('projects.create', { name: 'Restore' });
    const portrait = await importPortrait(h, project.id, 'me.png');
    const source = await importPortrait(h, project.id, 'smile.png');
    const first = await h.call('scenes.create', { projectId: project.id, assetId: portrait.id });
    const middle = await h.call('scenes.create', { projectId: project.id, assetId: portrait.id, name: 'Wide smile' });
    const last = await h.call('scenes.create', { projectId: project.id, assetId: portrait.id });
    const edited = await h.call('scenes.update', {
      id: middle.id,
      patch: {
        layerMix: { mouth: 0.25, eyes: 0.75 },
        expressionSource: { assetId: source.id, frameIndex: null },
        durationSeconds: 2.5,
        fps: 25,
      },
    });
    const tracks: Track[] = [jawTrack, { parameter: 'layer.mouth', keyframes: [key('m0', 0, 1), key('m1', 1.2, 0.3)] }];
    await h.call('timeline.save', { sceneId: middle.id, tracks, baseRevision: 0 });
    const before = await h.call('scenes.list', { projectId: project.id });

    await h.call('scenes.delete', { id: middle.id });
    expect((await h.call('scenes.list', { projectId: project.id })).map((scene) => scene.id)).toEqual([
      first.id,
      last.id,
    ]);
    const restored = Scene.parse(await h.call('scenes.restore', { scene: edited, tracks }));
    const { updatedAt: _restoredAt, ...restoredFields } = restored;
    const { updatedAt: _editedAt, ...editedFields } = edited;
    expect(restoredFields).toEqual(editedFields);
    const after = await h.call('scenes.list', { projectId: project.id });
    expect(after.map((scene) => scene.id)).toEqual(before.map((scene) => scene.id));
    expect(after[1]).toEqual(restored);
    expect(await h.call('timeline.get', { sceneId: middle.id })).toEqual({ sceneId: middle.id, tracks, revision: 0 });
    // Its timeline saves again from the revision it came back at.
    expect((await h.call('timeline.save', { sceneId: middle.id, tracks: [jawTrack], baseRevision: 0 })).revision).toBe(
      1,
    );

    // A scene that is there cannot be restored over.
    expect((await apiErrorOf(h.call('scenes.restore', { scene: edited, tracks }))).code).toBe('conflict');
    // Its name taken meanwhile (in any case) must not make the undo fail for good: it comes back as a free variant.
    await h.call('scenes.delete', { id: middle.id });
    await h.call('scenes.update', { id: first.id, patch: { name: 'WIDE SMILE' } });
    const renamed = await h.call('scenes.restore', { scene: edited, tracks });
    expect(renamed.id).toBe(middle.id);
    expect(renamed.name).toBe('Wide smile (2)');
    await h.call('scenes.delete', { id: middle.id });
    await h.call('scenes.update', { id: first.id, patch: { name: 'Scene 1' } });
    // Nor does a style model removed meanwhile: the scene comes back on the built-in warp.
    const unmodelled = await h.call('scenes.restore', { scene: { ...edited, generator: 'ffhq' }, tracks });
    expect(unmodelled.generator).toBe('warp');
    expect(unmodelled.name).toBe('Wide smile');
    await h.call('scenes.delete', { id: middle.id });
    // A creation time that is not a whole, non-negative millisecond count is refused at the boundary.
    const badTime = await apiErrorOf(h.call('scenes.restore', { scene: { ...edited, createdAt: -1.5 }, tracks }));
    expect(badTime.code).toBe('invalid_request');
    // What the engine checks for a new scene it checks here: the photo's project, the backend, the keys.
    const other = await h.call('projects.create', { name: 'Elsewhere' });
    const foreign = await importPortrait(h, other.id, 'foreign.png');
    expect(
      (await apiErrorOf(h.call('scenes.restore', { scene: { ...edited, assetId: foreign.id }, tracks }))).code,
    ).toBe('not_found');
    const unsorted = await apiErrorOf(
      h.call('scenes.restore', {
        scene: edited,
        tracks: [{ parameter: 'rig.jawOpen', keyframes: [key('a', 1, 0), key('b', 0.5, 1)] }],
      }),
    );
    expect(unsorted.code).toBe('invalid_request');
    expect((await h.call('scenes.list', { projectId: project.id })).map((scene) => scene.id)).toEqual([
      first.id,
      last.id,
    ]);

    // The expression source's photo deleted meanwhile: the scene comes back without it, as a kept scene would have.
    await h.call('assets.delete', { id: source.id });
    const withoutSource = await h.call('scenes.restore', { scene: edited, tracks });
    expect(withoutSource.expressionSource).toBeNull();
    expect(withoutSource.layerMix).toEqual({ mouth: 0.25, eyes: 0.75 });
    expect((await h.call('scenes.list', { projectId: project.id })).map((scene) => scene.name)).toEqual([
      'Scene 1',
      'Wide smile',
      'Scene 2',
    ]);
  });

  it("refuses another project's photo and a face the photo does not have", async () => {
    const project = await h.call('projects.create', { name: 'Refusals' });
    const other = await h.call('projects.create', { name: 'Other' });
    const elsewhere = await importPortrait(h, other.id, 'elsewhere.png');
    expect((await apiErrorOf(h.call('scenes.create', { projectId: project.id, assetId: elsewhere.id }))).code).toBe(
      'not_found',
    );
    const portrait = await importPortrait(h, project.id, 'me.png');
    const db = new Database(path.join(h.dataDir, 'mien.sqlite'));
    try {
      // An analysis that succeeded with no face rows: face 3 does not exist.
      db.prepare(
        `INSERT INTO face_analyses (asset_id, ok, reason, message, chosen_index, rejected_json, image_width, image_height, created_at)
         VALUES (?, 1, NULL, NULL, 0, '[]', 64, 80, ?)`,
      ).run(portrait.id, Date.now());
    } finally {
      db.close();
    }
    const refused = await apiErrorOf(
      h.call('scenes.create', { projectId: project.id, assetId: portrait.id, faceIndex: 2 }),
    );
    expect(refused.code).toBe('invalid_request');
    expect(refused.message).toMatch(/has 0 faces; there is no face 3/);
  });

  it('keeps the scene when its face rows are replaced by a new analysis', async () => {
    const project = await h.call('projects.create', { name: 'Stable' });
    const portrait = await importPortrait(h, project.id, 'me.png');
    const scene = await h.call('scenes.create', { projectId: project.id, assetId: portrait.id, faceIndex: 0 });
    const db = new Database(path.join(h.dataDir, 'mien.sqlite'));
    try {
      for (const id of ['first-analysis', 'second-analysis']) {
        db.prepare('DELETE FROM faces WHERE asset_id = ?').run(portrait.id);
        db.prepare(
          `INSERT INTO faces (id, asset_id, frame_index, face_index, detector, bbox_json, landmarks, landmark_count, created_at)
           VALUES (?, ?, NULL, 0, 'test', '[0,0,1,1]', ?, 1, ?)`,
        ).run(id, portrait.id, Buffer.from(new Float32Array([1, 2, 3]).buffer), Date.now());
      }
    } finally {
      db.close();
    }
    expect(await h.call('scenes.list', { projectId: project.id })).toEqual([scene]);
  });

  it('saves timelines by revision, refuses stale and malformed saves, and keeps them across a restart', async () => {
    const project = await h.call('projects.create', { name: 'Timeline' });
    const portrait = await importPortrait(h, project.id, 'me.png');
    const scene = await h.call('scenes.create', { projectId: project.id, assetId: portrait.id });
    expect(await h.call('timeline.get', { sceneId: scene.id })).toEqual({ sceneId: scene.id, tracks: [], revision: 0 });

    const saved = Timeline.parse(
      await h.call('timeline.save', { sceneId: scene.id, tracks: [jawTrack], baseRevision: 0 }),
    );
    expect(saved).toEqual({ sceneId: scene.id, tracks: [jawTrack], revision: 1 });
    const stale = await apiErrorOf(h.call('timeline.save', { sceneId: scene.id, tracks: [], baseRevision: 0 }));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toMatch(/revision 1/);

    const twice = await apiErrorOf(
      h.call('timeline.save', { sceneId: scene.id, tracks: [jawTrack, jawTrack], baseRevision: 1 }),
    );
    expect(twice.code).toBe('invalid_request');
    expect(twice.message).toMatch(/rig.jawOpen has two tracks/);
    const unsorted = await apiErrorOf(
      h.call('timeline.save', {
        sceneId: scene.id,
        tracks: [{ parameter: 'rig.jawOpen', keyframes: [key('a', 1, 0), key('b', 0.5, 1)] }],
        baseRevision: 1,
      }),
    );
    expect(unsorted.code).toBe('invalid_request');
    const unknown = await apiErrorOf(
      h.call('timeline.save', {
        sceneId: scene.id,
        tracks: [{ parameter: 'rig.grin' as 'rig.jawOpen', keyframes: [key('a', 0, 0)] }],
        baseRevision: 1,
      }),
    );
    expect(unknown.code).toBe('invalid_request');
    expect((await h.call('timeline.get', { sceneId: scene.id })).revision).toBe(1);

    const dataDir = h.dataDir;
    await h.engine.close();
    const reopened = await startEngine({ dataDir });
    try {
      expect(await reopened.call('timeline.get', { sceneId: scene.id })).toEqual(saved);
    } finally {
      await reopened.engine.close();
      h = await startEngine();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('sets an expression source, and clears it when its asset is deleted', async () => {
    const project = await h.call('projects.create', { name: 'Source' });
    const portrait = await importPortrait(h, project.id, 'me.png');
    const source = await importPortrait(h, project.id, 'smile.png');
    const scene = await h.call('scenes.create', { projectId: project.id, assetId: portrait.id });
    const withSource = await h.call('scenes.update', {
      id: scene.id,
      patch: { expressionSource: { assetId: source.id, frameIndex: null } },
    });
    expect(withSource.expressionSource).toEqual({ assetId: source.id, frameIndex: null, neutralFrameIndex: null });
    const elsewhere = await importPortrait(h, (await h.call('projects.create', { name: 'Other' })).id, 'x.png');
    expect(
      (
        await apiErrorOf(
          h.call('scenes.update', {
            id: scene.id,
            patch: { expressionSource: { assetId: elsewhere.id, frameIndex: null } },
          }),
        )
      ).code,
    ).toBe('not_found');
    await h.call('assets.delete', { id: source.id });
    expect((await h.call('scenes.list', { projectId: project.id }))[0]!.expressionSource).toBeNull();
    await h.call('assets.delete', { id: portrait.id });
    expect(await h.call('scenes.list', { projectId: project.id })).toEqual([]);
  });
});
