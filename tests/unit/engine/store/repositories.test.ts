import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, Asset, Job, Project } from '../../../../src/shared/api';
import { sha256Of, stageBlob, stagingDirFor } from '../../../../src/main/engine/store/blob-files';
import { copyName } from '../../../../src/main/engine/store/projects-repo';
import type { ProjectStore } from '../../../../src/main/engine/store/project-store';
import { openProjectStore } from '../../../../src/main/engine/schema';

let dataDir: string;
let store: ProjectStore;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-repos-'));
  const opened = openProjectStore(dataDir);
  if (!opened.ok) throw new Error(opened.reason);
  store = opened.store;
});
afterEach(() => {
  store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Stores three real files and an asset row pointing at them, as an import does. */
const addAsset = (projectId: string, seed: string, createdAt = Date.now(), kind: Asset['kind'] = 'portrait'): Asset => {
  const staging = stagingDirFor(store.blobsDir, `test-${seed}`);
  const files = ['original', 'working', 'thumb'].map((role) => ({
    ...stageBlob(staging, Buffer.from(`${seed}-${role}`)),
    mime: 'image/png',
  }));
  const asset: Asset = {
    id: `asset-${seed}`,
    projectId,
    kind,
    originalName: `${seed}.png`,
    mime: 'image/png',
    byteSize: 10,
    originalSha256: files[0]!.sha256,
    workingSha256: files[1]!.sha256,
    thumbnailSha256: files[2]!.sha256,
    width: 4,
    height: 3,
    workingWidth: 4,
    workingHeight: 3,
    createdAt,
  };
  store.commitFiles(files, () => store.assets.insert(asset));
  return asset;
};

const TIMELINE = [
  {
    parameter: 'rig.jawOpen',
    keyframes: [
      { id: 'key-1', time: 0, value: 0.1, handles: [0, 0, 1, 1], connectedRight: true, type: 'bezier' },
      { id: 'key-2', time: 0.5, value: 0.9, handles: [0, 0, 1, 1], connectedRight: true, type: 'bezier' },
    ],
  },
];

/** Rows of the later tables (faces, scenes with their timeline, masks) hanging off an asset. */
const addSceneGraph = (projectId: string, assetId: string, maskSha: string) => {
  const at = Date.now();
  store.db
    .prepare(
      `INSERT INTO faces (id, asset_id, frame_index, detector, bbox_json, landmarks, landmark_count, created_at)
      VALUES ('face-1', ?, NULL, 'test', '[0,0,1,1]', ?, 1, ?)`,
    )
    .run(assetId, Buffer.from(new Float32Array([0.5, 0.25, 0]).buffer), at);
  store.db
    .prepare(
      `INSERT INTO scenes (id, project_id, name, asset_id, face_index, timeline_json, created_at, updated_at)
      VALUES ('scene-1', ?, 'S', ?, 0, ?, ?, ?)`,
    )
    .run(projectId, assetId, JSON.stringify(TIMELINE), at, at);
  store.db
    .prepare(
      `INSERT INTO masks (id, scene_id, layer, blob_sha256, width, height, updated_at) VALUES ('mask-1', 'scene-1', 'mouth', ?, 4, 3, ?)`,
    )
    .run(maskSha, at);
};

describe('ProjectsRepo', () => {
  it('creates, lists newest first with asset count and the first portrait thumbnail, and renames', () => {
    const a = store.projects.create('First');
    const b = store.projects.create('Second');
    expect(Project.parse(a)).toEqual(a);
    expect(a).toMatchObject({
      name: 'First',
      assetCount: 0,
      photoCount: 0,
      videoCount: 0,
      trackFileCount: 0,
      thumbnailSha256: null,
    });
    const first = addAsset(a.id, 'one', 1000);
    addAsset(a.id, 'two', 2000);
    store.projects.touch(a.id);
    const list = store.projects.list();
    expect(list.map((project) => project.name)).toEqual(['First', 'Second']);
    expect(list[0]).toMatchObject({ assetCount: 2, thumbnailSha256: first.thumbnailSha256 });
    expect(store.projects.rename(b.id, 'Renamed').name).toBe('Renamed');
    expect(store.projects.list()[0]!.name).toBe('Renamed');
  });

  it('counts photos, videos and track files apart (tracks fitted from a video are not a file)', () => {
    const project = store.projects.create('Mixed');
    for (const seed of ['p1', 'p2', 'p3']) addAsset(project.id, seed);
    addAsset(project.id, 'e1', Date.now(), 'expression');
    const video = addAsset(project.id, 'v1', Date.now(), 'video');
    const insertTrackSet = store.db.prepare(
      `INSERT INTO track_sets (id, project_id, name, source_kind, source_asset_id, source_name, fps, frame_count,
        start_seconds, times, measured, fit_json, created_at)
      VALUES (?, ?, ?, ?, ?, ?, 30, 1, 0, ?, NULL, NULL, ?)`,
    );
    const times = Buffer.from(new Float64Array([0]).buffer);
    insertTrackSet.run('ts-video', project.id, 'take', 'video', video.id, 'v1.png', times, Date.now());
    insertTrackSet.run('ts-csv', project.id, 'capture', 'live-link-csv', null, 'capture.csv', times, Date.now());
    const listed = store.projects.get(project.id);
    expect(Project.parse(listed)).toEqual(listed);
    expect(listed).toMatchObject({ assetCount: 5, photoCount: 4, videoCount: 1, trackFileCount: 1 });
  });

  it('reports a missing project as not_found', () => {
    expect(() => store.projects.get('nope')).toThrow(ApiError);
    expect(() => store.projects.rename('nope', 'x')).toThrow(/no project/);
    expect(() => store.projects.delete('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('duplicates a project with every row under new ids, sharing blobs by hash', () => {
    const source = store.projects.create('Portrait');
    const asset = addAsset(source.id, 'dup');
    addSceneGraph(source.id, asset.id, asset.workingSha256);
    const blobFiles = store.blobs.allShas().length;

    const copy = store.projects.duplicate(source.id);
    expect(copy.name).toBe('Portrait (copy)');
    expect(copy.id).not.toBe(source.id);
    expect(copy).toMatchObject({ assetCount: 1, thumbnailSha256: asset.thumbnailSha256 });
    const copiedAsset = store.assets.list(copy.id)[0]!;
    expect(copiedAsset.id).not.toBe(asset.id);
    expect(copiedAsset.originalSha256).toBe(asset.originalSha256);
    expect(store.blobs.allShas().length).toBe(blobFiles);

    const copiedScene = store.db.prepare('SELECT * FROM scenes WHERE project_id = ?').get(copy.id) as {
      id: string;
      asset_id: string;
      face_index: number;
      timeline_json: string;
    };
    expect(copiedScene.asset_id).toBe(copiedAsset.id);
    const copiedFace = store.db
      .prepare('SELECT * FROM faces WHERE asset_id = ? AND face_index = ?')
      .get(copiedScene.asset_id, copiedScene.face_index) as { asset_id: string; landmarks: Buffer };
    expect(Array.from(new Float32Array(new Uint8Array(copiedFace.landmarks).buffer))).toEqual([0.5, 0.25, 0]);
    expect(JSON.parse(copiedScene.timeline_json)).toEqual(TIMELINE);
    expect(store.db.prepare('SELECT count(*) FROM masks WHERE scene_id = ?').pluck().get(copiedScene.id)).toBe(1);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('duplicates in one transaction: a failure mid-way leaves no partial copy', () => {
    const source = store.projects.create('Atomic');
    const asset = addAsset(source.id, 'atomic');
    addSceneGraph(source.id, asset.id, asset.workingSha256);
    store.db.exec(
      `CREATE TEMP TRIGGER fail_mask_copy BEFORE INSERT ON masks BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`,
    );
    const countsBefore = ['projects', 'assets', 'faces', 'scenes', 'masks'].map((table) =>
      store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(),
    );
    expect(() => store.projects.duplicate(source.id)).toThrow(/disk trouble/);
    const countsAfter = ['projects', 'assets', 'faces', 'scenes', 'masks'].map((table) =>
      store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(),
    );
    expect(countsAfter).toEqual(countsBefore);
  });

  it('deletes a project with everything under it and removes blobs nobody else uses', () => {
    const keep = store.projects.create('Keep');
    const drop = store.projects.create('Drop');
    const shared = addAsset(keep.id, 'shared');
    const own = addAsset(drop.id, 'own');
    store.commitFiles([], () =>
      store.db
        .prepare(
          `INSERT INTO assets (id, project_id, kind, original_name, mime, byte_size, original_sha256, working_sha256,
            thumbnail_sha256, width, height, working_width, working_height, created_at)
          SELECT 'shared-copy', ?, kind, original_name, mime, byte_size, original_sha256,
            working_sha256, thumbnail_sha256, width, height, working_width, working_height, created_at
          FROM assets WHERE id = ?`,
        )
        .run(drop.id, shared.id),
    );
    addSceneGraph(drop.id, own.id, own.workingSha256);
    store.jobs.save(makeJob({ projectId: drop.id }));

    store.projects.delete(drop.id);
    expect(store.collectGarbage()).toBe(3);
    for (const table of ['assets', 'faces', 'scenes', 'masks', 'jobs']) {
      const remaining = store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
      expect(remaining, table).toBe(table === 'assets' ? 1 : 0);
    }
    expect(fs.existsSync(store.blobPath(own.originalSha256))).toBe(false);
    expect(fs.existsSync(store.blobPath(shared.originalSha256))).toBe(true);
    expect(store.blobs.has(shared.thumbnailSha256)).toBe(true);
  });

  it('keeps copy names short and single-suffixed', () => {
    expect(copyName('A (copy)')).toBe('A (copy)');
    expect(copyName('x'.repeat(200)).length).toBeLessThanOrEqual(200);
  });
});

describe('AssetsRepo and blobs', () => {
  it('stores assets whose files exist and hash to their names', () => {
    const project = store.projects.create('P');
    const asset = addAsset(project.id, 'check');
    expect(Asset.parse(store.assets.get(asset.id))).toEqual(asset);
    for (const sha of [asset.originalSha256, asset.workingSha256, asset.thumbnailSha256]) {
      expect(sha256Of(fs.readFileSync(store.blobPath(sha)))).toBe(sha);
    }
    expect(store.assets.list(project.id)).toHaveLength(1);
  });

  it('refuses an asset row whose blob has no row (the file must be committed first)', () => {
    const project = store.projects.create('P');
    const asset = addAsset(project.id, 'fk');
    expect(() => store.assets.insert({ ...asset, id: 'other', originalSha256: 'f'.repeat(64) })).toThrow(/FOREIGN KEY/);
  });

  it('deletes an asset and collects its blobs', () => {
    const project = store.projects.create('P');
    const asset = addAsset(project.id, 'gone');
    store.assets.delete(asset.id);
    expect(store.collectGarbage()).toBe(3);
    expect(fs.existsSync(store.blobPath(asset.originalSha256))).toBe(false);
    expect(() => store.assets.get(asset.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

const makeJob = (overrides: Partial<Job> = {}): Job => ({
  id: `job-${Math.random().toString(36).slice(2)}`,
  kind: 'import-photo',
  projectId: null,
  assetId: null,
  priority: 'interactive',
  state: 'queued',
  title: 'Import x.png',
  progress: { fraction: 0, stage: 'Waiting', etaMs: null },
  error: null,
  result: null,
  hasPreview: true,
  createdAt: Date.now(),
  startedAt: null,
  finishedAt: null,
  ...overrides,
});

describe('JobsRepo', () => {
  it('saves and updates a job record as a whole', () => {
    const job = makeJob();
    store.jobs.save(job);
    const done: Job = {
      ...job,
      state: 'succeeded',
      progress: { fraction: 1, stage: 'Done', etaMs: null },
      result: { assetId: 'a1' },
      startedAt: job.createdAt + 1,
      finishedAt: job.createdAt + 2,
    };
    store.jobs.save(done);
    expect(Job.parse(store.jobs.find(job.id))).toEqual(done);
  });

  it('keeps the asset a job works on, also after that asset is deleted', () => {
    const project = store.projects.create('P');
    const asset = addAsset(project.id, 'analysed');
    const job = makeJob({ projectId: project.id, assetId: asset.id, kind: 'analyze-face' });
    store.jobs.save(job);
    expect(store.jobs.find(job.id)?.assetId).toBe(asset.id);
    store.assets.delete(asset.id);
    store.jobs.save({ ...job, state: 'succeeded', finishedAt: job.createdAt + 1 });
    expect(store.jobs.find(job.id)?.state).toBe('succeeded');
  });

  it('marks queued and running jobs interrupted and leaves finished ones alone', () => {
    store.jobs.save(makeJob({ id: 'q', state: 'queued' }));
    store.jobs.save(makeJob({ id: 'r', state: 'running', startedAt: 1 }));
    store.jobs.save(makeJob({ id: 'f', state: 'failed', error: { code: 'not_an_image', message: 'no' } }));
    expect(store.jobs.markInterrupted(42)).toBe(2);
    expect(store.jobs.find('q')).toMatchObject({ state: 'interrupted', finishedAt: 42 });
    expect(store.jobs.find('r')?.state).toBe('interrupted');
    expect(store.jobs.find('f')).toMatchObject({ state: 'failed', error: { code: 'not_an_image' } });
    expect(store.jobs.list({ activeOnly: true })).toEqual([]);
  });

  it('filters by project and prunes old finished jobs', () => {
    const project = store.projects.create('P');
    for (let index = 0; index < 5; index += 1) {
      store.jobs.save(makeJob({ id: `old-${index}`, state: 'succeeded', createdAt: index, projectId: project.id }));
    }
    store.jobs.save(makeJob({ id: 'live', state: 'running', createdAt: 0 }));
    expect(store.jobs.list({ projectId: project.id })).toHaveLength(5);
    expect(store.jobs.pruneFinished(2)).toBe(3);
    expect(store.jobs.list().map((job) => job.id)).toEqual(['old-4', 'old-3', 'live']);
  });
});
