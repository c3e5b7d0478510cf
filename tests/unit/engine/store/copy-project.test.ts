import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COPY_PLAN, copyPlanGaps, NOT_COPIED } from '../../../../src/main/engine/store/copy-project';
import { stageBlob, stagingDirFor } from '../../../../src/main/engine/store/blob-files';
import type { ProjectStore } from '../../../../src/main/engine/store/project-store';
import { openProjectStore, projectSchema } from '../../../../src/main/engine/schema';

type Row = Record<string, unknown>;

let dataDir: string;
let store: ProjectStore;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-copy-'));
  const opened = openProjectStore(dataDir);
  if (!opened.ok) throw new Error(opened.reason);
  store = opened.store;
});
afterEach(() => {
  store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const tables = (): string[] =>
  store.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
const columnsOf = (table: string): string[] =>
  (store.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);

describe('copy-project covers the whole schema', () => {
  it('has no gaps against the migrated schema', () => {
    expect(copyPlanGaps(store.db)).toEqual([]);
  });

  it('copies or deliberately excludes every table with a project_id or asset_id column', () => {
    const owned = tables().filter((table) => columnsOf(table).some((c) => c === 'project_id' || c === 'asset_id'));
    expect(owned.length).toBeGreaterThanOrEqual(7);
    const planned = new Set(COPY_PLAN.map((plan) => plan.table));
    for (const table of owned) expect(planned.has(table) || table in NOT_COPIED, table).toBe(true);
    // Excluding a table is a decision with a reason, not a default.
    for (const reason of Object.values(NOT_COPIED)) expect(reason.length).toBeGreaterThan(20);
  });

  it('notices a table or a reference column that a later migration adds and the plan forgets', () => {
    store.db.exec(`
      CREATE TABLE stickers (id TEXT PRIMARY KEY, asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE);
      ALTER TABLE rig_presets ADD COLUMN scene_id TEXT REFERENCES scenes(id);
      ALTER TABLE track_sets ADD COLUMN voice_track_id TEXT;
    `);
    expect(copyPlanGaps(store.db)).toEqual([
      'table stickers is neither in COPY_PLAN nor in NOT_COPIED',
      'rig_presets.scene_id refers to a row but COPY_PLAN does not rewrite it',
      'track_sets.voice_track_id refers to a row but COPY_PLAN does not rewrite it',
    ]);
  });

  it('lets the garbage collector see every column that holds a blob hash', () => {
    const known = new Set(projectSchema.blobReferences.map(({ table, column }) => `${table}.${column}`));
    const holders = tables().flatMap((table) => {
      const foreignKeys = store.db.prepare(`PRAGMA foreign_key_list(${table})`).all() as Array<{
        table: string;
        from: string;
      }>;
      return [
        ...foreignKeys.filter((fk) => fk.table === 'blobs').map((fk) => `${table}.${fk.from}`),
        ...columnsOf(table)
          .filter((c) => c.endsWith('sha256') && table !== 'blobs')
          .map((c) => `${table}.${c}`),
      ];
    });
    expect(holders.length).toBeGreaterThanOrEqual(5);
    for (const holder of holders) expect(known.has(holder), holder).toBe(true);
  });
});

/** Stores a small file as a blob and returns its hash. */
const addBlob = (content: string): string => {
  const staged = {
    ...stageBlob(stagingDirFor(store.blobsDir, `test-${content}`), Buffer.from(content)),
    mime: 'image/png',
  };
  store.commitFiles([staged], () => undefined);
  return staged.sha256;
};

const float32 = (values: number[]) => Buffer.from(new Float32Array(values).buffer);

/** One or more rows in every table COPY_PLAN copies, all pointing at each other. */
function seedEveryTable(projectId: string): string[] {
  const [original, working, thumb, mask] = ['original', 'working', 'thumb', 'mask'].map(addBlob);
  const at = 1_700_000_000_000;
  const run = (sql: string, ...params: unknown[]) => store.db.prepare(sql).run(...params);
  run(
    `INSERT INTO assets (id, project_id, kind, original_name, mime, byte_size, original_sha256, working_sha256,
      thumbnail_sha256, width, height, working_width, working_height, created_at)
    VALUES ('a-photo', ?, 'portrait', 'me.png', 'image/png', 8, ?, ?, ?, 4, 3, 4, 3, ?),
           ('a-video', ?, 'video', 'take.mp4', 'video/mp4', 8, ?, ?, ?, 4, 3, 4, 3, ?)`,
    projectId,
    original,
    working,
    thumb,
    at,
    projectId,
    original,
    working,
    thumb,
    at + 1,
  );
  run(`UPDATE assets SET duration_ms = 400, fps = 10, frame_count = 4 WHERE id = 'a-video'`);
  run(
    `INSERT INTO faces (id, asset_id, frame_index, face_index, detector, bbox_json, score, landmarks, landmark_count,
      rig_fit_json, attributes_json, descriptor, created_at)
    VALUES ('f-photo', 'a-photo', NULL, 0, 'blazeface', '[1,1,2,2]', 0.9, ?, 1, '{"version":2}', '{"pose":1}', ?, ?),
           ('f-frame', 'a-video', 2, 0, 'tracker', '[0,0,1,1]', 0.8, ?, 1, NULL, NULL, NULL, ?)`,
    float32([1, 2, 3]),
    float32([0.5, -0.5]),
    at,
    float32([4, 5, 6]),
    at,
  );
  run(
    `INSERT INTO face_analyses (asset_id, ok, reason, message, chosen_index, rejected_json, image_width, image_height,
      counters_json, created_at)
    VALUES ('a-photo', 1, NULL, NULL, 0, '[]', 4, 3, NULL, ?),
           ('a-video', 1, NULL, NULL, NULL, '[]', 4, 3, '{"frames":4}', ?)`,
    at,
    at,
  );
  run(
    `INSERT INTO rig_states (asset_id, coefficients_json, head_json, updated_at)
    VALUES ('a-photo', '{"jawOpen":0.4}', '{"yawDeg":5,"pitchDeg":0,"rollDeg":0}', ?)`,
    at,
  );
  run(
    `INSERT INTO rig_presets (id, project_id, name, coefficients_json, created_at) VALUES ('p-smile', ?, 'Smile', '{"mouthSmileLeft":0.7}', ?)`,
    projectId,
    at,
  );
  run(
    `INSERT INTO track_sets (id, project_id, name, source_kind, source_asset_id, source_name, fps, frame_count,
      start_seconds, times, measured, fit_json, created_at)
    VALUES ('ts-video', ?, 'take', 'video', 'a-video', 'take.mp4', 10, 2, 0, ?, ?, '{"identityFrames":[0]}', ?),
           ('ts-csv', ?, 'capture', 'live-link-csv', NULL, 'capture.csv', 60, 2, 12.5, ?, NULL, NULL, ?)`,
    projectId,
    Buffer.from(new Float64Array([0, 0.1]).buffer),
    Buffer.from([1, 0]),
    at,
    projectId,
    Buffer.from(new Float64Array([0, 1 / 60]).buffer),
    at,
  );
  run(
    `INSERT INTO track_channels (track_set_id, channel_index, name, unit, samples)
    VALUES ('ts-video', 0, 'rig.jawOpen', 'coefficient', ?), ('ts-video', 1, 'head.yawDeg', 'degrees', ?),
           ('ts-csv', 0, 'rig.jawOpen', 'coefficient', ?)`,
    float32([0.1, 0.2]),
    float32([3, 4]),
    float32([0.6, 0.7]),
  );
  run(
    `INSERT INTO scenes (id, project_id, name, asset_id, face_index, expression_asset_id, expression_source_json,
      timeline_json, timeline_revision, created_at, updated_at)
    VALUES ('s-1', ?, 'Scene', 'a-photo', 0, 'a-video', '{"frameIndex":2,"neutralFrameIndex":null}', ?, 3, ?, ?)`,
    projectId,
    JSON.stringify([
      {
        parameter: 'rig.jawOpen',
        keyframes: [{ id: 'k-1', time: 0, value: 0.1, handles: [0, 0, 1, 1], connectedRight: true, type: 'bezier' }],
      },
    ]),
    at,
    at,
  );
  run(
    `INSERT INTO masks (id, scene_id, layer, blob_sha256, width, height, updated_at) VALUES ('m-1', 's-1', 'mouth', ?, 4, 3, ?)`,
    mask,
    at,
  );
  run(
    `INSERT INTO jobs (id, kind, project_id, priority, state, title, created_at)
    VALUES ('j-render', 'export', ?, 'batch', 'succeeded', 'Export', ?)`,
    projectId,
    at,
  );
  // Not copied (NOT_COPIED): the export file belongs to the original project's folder.
  run(
    `INSERT INTO renders (id, project_id, scene_id, job_id, format, settings_json, file_name, byte_size, width, height,
      frame_count, created_at)
    VALUES ('r-1', ?, 's-1', 'j-render', 'webm', '{"format":"webm"}', 'Scene.webm', 100, 4, 2, 30, ?)`,
    projectId,
    at,
  );
  return [original!, working!, thumb!, mask!];
}

const rowsOf = (table: string, projectId: string): Row[] => {
  const plan = COPY_PLAN.find((p) => p.table === table)!;
  return store.db
    .prepare(`SELECT * FROM ${table} WHERE ${plan.where} ORDER BY rowid`)
    .all({ project: projectId }) as Row[];
};

/**
 * A project's rows with every id replaced by the row's position, so two projects' contents compare
 * equal exactly when they hold the same values and the same references between their rows.
 */
function contentOf(projectId: string): Record<string, Row[]> {
  const positions = new Map<string, string>();
  const rowsByTable = new Map(COPY_PLAN.map((plan) => [plan.table, rowsOf(plan.table, projectId)]));
  for (const plan of COPY_PLAN) {
    if (!plan.renewsId) continue;
    rowsByTable.get(plan.table)!.forEach((row, index) => positions.set(String(row.id), `${plan.table}#${index}`));
  }
  const content: Record<string, Row[]> = {};
  for (const plan of COPY_PLAN) {
    content[plan.table] = rowsByTable.get(plan.table)!.map((row) => {
      const canonical: Row = { ...row };
      if (plan.renewsId) canonical.id = positions.get(String(row.id));
      for (const [column, rewrite] of Object.entries(plan.rewrite)) {
        const value = row[column];
        if (rewrite.to === 'copy-project')
          canonical[column] = value === projectId ? 'project' : `foreign ${String(value)}`;
        else if (value != null) canonical[column] = positions.get(String(value)) ?? `outside ${String(value)}`;
      }
      return canonical;
    });
  }
  return content;
}

describe('copyProjectContents', () => {
  it('copies every planned table with new ids and rewritten references, and the copy outlives the original', () => {
    const source = store.projects.create('Everything');
    const blobs = seedEveryTable(source.id);
    for (const plan of COPY_PLAN) expect(rowsOf(plan.table, source.id).length, `seed ${plan.table}`).toBeGreaterThan(0);
    const before = contentOf(source.id);

    const copy = store.projects.duplicate(source.id);
    const copied = contentOf(copy.id);
    expect(copied).toEqual(before);
    expect(JSON.stringify(copied)).not.toMatch(/outside|foreign/);
    for (const plan of COPY_PLAN.filter((p) => p.renewsId)) {
      const oldIds = new Set(rowsOf(plan.table, source.id).map((row) => row.id));
      for (const row of rowsOf(plan.table, copy.id)) expect(oldIds.has(row.id), plan.table).toBe(false);
    }
    expect(store.db.prepare('SELECT count(*) FROM jobs WHERE project_id = ?').pluck().get(copy.id)).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM renders WHERE project_id = ?').pluck().get(copy.id)).toBe(0);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);

    store.projects.delete(source.id);
    expect(store.collectGarbage()).toBe(0);
    expect(contentOf(copy.id)).toEqual(before);
    for (const sha of blobs) {
      expect(store.blobs.has(sha)).toBe(true);
      expect(fs.existsSync(store.blobPath(sha))).toBe(true);
    }
    for (const plan of COPY_PLAN) expect(rowsOf(plan.table, source.id), plan.table).toEqual([]);

    // Deleting the copy too leaves the blobs with no reference: the collector then removes them.
    store.projects.delete(copy.id);
    expect(store.collectGarbage()).toBe(blobs.length);
    for (const sha of blobs) expect(fs.existsSync(store.blobPath(sha))).toBe(false);
  });

  it('leaves an empty project empty', () => {
    const source = store.projects.create('Empty');
    const copy = store.projects.duplicate(source.id);
    for (const plan of COPY_PLAN) expect(rowsOf(plan.table, copy.id), plan.table).toEqual([]);
  });
});
