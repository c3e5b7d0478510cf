import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/engine/event-bus';
import { analyzeFaceJob } from '../../../src/main/engine/face/analyze-face-job';
import { FaceAnalyzer } from '../../../src/main/engine/face/face-analyzer';
import type { FaceTasks } from '../../../src/main/engine/face/face-tasks';
import { FacesRepo } from '../../../src/main/engine/face/faces-repo';
import type { JobContext } from '../../../src/main/engine/jobs/job-scheduler';
import { stageBlob, stagingDirFor } from '../../../src/main/engine/store/blob-files';
import type { ProjectStore } from '../../../src/main/engine/store/project-store';
import { openProjectStore } from '../../../src/main/engine/schema';
import type { WorkerPool } from '../../../src/main/engine/workers/worker-pool';
import { astronautPath, expectedPath, landmarkError } from './face-fixtures';

let dir: string;
let store: ProjectStore;
let analyzer: FaceAnalyzer;
let pool: WorkerPool<FaceTasks>;
let expected: number[];

async function addPhoto(projectId: string, name: string, bytes: Buffer) {
  const { width, height } = await sharp(bytes).metadata();
  const staged = stageBlob(stagingDirFor(store.blobsDir, 'test'), bytes);
  const asset = {
    id: `asset-${name}`,
    projectId,
    kind: 'portrait' as const,
    originalName: name,
    mime: 'image/png',
    byteSize: bytes.length,
    originalSha256: staged.sha256,
    workingSha256: staged.sha256,
    thumbnailSha256: staged.sha256,
    width: width!,
    height: height!,
    workingWidth: width!,
    workingHeight: height!,
    createdAt: Date.now(),
  };
  store.commitFiles([{ ...staged, mime: 'image/png' }], () => store.assets.insert(asset));
  return asset;
}

function context(): JobContext & { stages: string[] } {
  const stages: string[] = [];
  return {
    jobId: 'job-1',
    signal: new AbortController().signal,
    stages,
    progress: (_fraction, stage) => stages.push(stage),
    publishFrame: () => {},
    onAbandon: () => {},
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mien-face-job-'));
  const opened = openProjectStore(dir);
  if (!opened.ok) throw new Error(opened.reason);
  store = opened.store;
  ({ analyzer, pool } = FaceAnalyzer.withOwnPool(1));
  expected = (JSON.parse(await readFile(expectedPath, 'utf8')) as { landmarks: number[] }).landmarks;
});

afterAll(async () => {
  await pool?.close();
  store?.db.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('analyze-face job', () => {
  it('stores the faces of a portrait and reads them back', async () => {
    const project = store.projects.create('Faces');
    const asset = await addPhoto(project.id, 'astronaut.png', await readFile(astronautPath));
    const events: string[] = [];
    const bus = new EventBus();
    bus.on((event) => events.push(event));
    const spec = analyzeFaceJob({ store, analyzer, events: bus }, { assetId: asset.id });
    expect(spec.kind).toBe('analyze-face');
    const result = await spec.run(context());
    expect(result).toMatchObject({ assetId: asset.id, ok: true, faces: 1, chosenIndex: 0 });
    expect(events).toContain('project.changed');

    const stored = new FacesRepo(store.db).loadImageAnalysis(asset.id);
    expect(stored?.ok).toBe(true);
    if (!stored?.ok) return;
    const face = stored.faces[0]!;
    expect(landmarkError(face.landmarks, expected).mean).toBeLessThan(0.01);
    expect(face.descriptor).toHaveLength(1024);
    expect(face.expressions!.happy).toBeGreaterThan(0.8);
    expect(face.pose.roll).toBeGreaterThan(0);
  });

  it('stores a no-face outcome with its message, and picks among faces', async () => {
    const project = store.projects.create('Empty');
    const flat = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#6080a0' } })
      .png()
      .toBuffer();
    const asset = await addPhoto(project.id, 'flat.png', flat);
    const result = await analyzeFaceJob({ store, analyzer, events: new EventBus() }, { assetId: asset.id }).run(
      context(),
    );
    expect(result).toMatchObject({ ok: false, reason: 'no_face', message: 'No face found' });
    const repo = new FacesRepo(store.db);
    expect(repo.loadImageAnalysis(asset.id)).toMatchObject({ ok: false, reason: 'no_face', imageWidth: 300 });
    expect(repo.chooseFace(asset.id, 0)).toBe(false);
  });

  it("keeps a video frame's unsmoothed landmarks beside the smoothed ones (the rig reads puckers from them)", async () => {
    const project = store.projects.create('Video frames');
    const asset = await addPhoto(project.id, 'frames.png', await readFile(astronautPath));
    const smoothed = Array.from({ length: 478 * 3 }, (_, j) => 100 + j * 0.25);
    const raw = smoothed.map((v, j) => v + (j % 7) * 0.5);
    const repo = new FacesRepo(store.db);
    repo.saveVideoAnalysis(asset.id, {
      width: 640,
      height: 480,
      fps: 25,
      frames: [
        {
          index: 0,
          timeMs: 0,
          landmarks: smoothed,
          rawLandmarks: raw,
          presence: 0.9,
          detected: true,
          expressions: null,
        },
        { index: 1, timeMs: 40, landmarks: null, rawLandmarks: null, presence: 0.1, detected: true, expressions: null },
        // as analyses stored before the unsmoothed landmarks were kept
        { index: 2, timeMs: 80, landmarks: smoothed, presence: 0.9, detected: false, expressions: null },
      ],
      counters: { frames: 3, detectionsRun: 2, framesWithFace: 2, trackingLosses: 1 },
    });
    const frames = repo.loadVideoFrames(asset.id);
    expect(frames.map((f) => f.index)).toEqual([0, 2]);
    expect(frames[0]!.landmarks).toEqual(smoothed);
    expect(frames[0]!.rawLandmarks).toEqual(raw);
    expect(frames[1]!.rawLandmarks).toBeNull();
  });
});
