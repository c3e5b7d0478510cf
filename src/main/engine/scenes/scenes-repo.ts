import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  ApiError,
  ExpressionSource,
  Track,
  SCENE_NAME_MAX_LENGTH,
  sceneNameKey,
  type RestoredScene,
  type Scene,
  type ScenePatch,
  type Timeline,
} from '../../../shared/api';
import { LayerMix } from '../../../shared/generate/generator-types';

interface SceneRow {
  id: string;
  project_id: string;
  name: string;
  asset_id: string;
  face_index: number;
  generator: string;
  layer_mix_json: string;
  expression_asset_id: string | null;
  expression_source_json: string | null;
  duration_ms: number;
  fps: number;
  timeline_json: string;
  timeline_revision: number;
  created_at: number;
  updated_at: number;
}

const SCENE_COLUMNS = `id, project_id, name, asset_id, face_index, generator, layer_mix_json, expression_asset_id,
  expression_source_json, duration_ms, fps, created_at, updated_at`;

/** Reads a JSON column with its schema; a value the schema refuses reads as the fallback rather than failing the whole list. */
function parsedOr<T>(
  json: string | null,
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
  fallback: T,
): T {
  if (json === null) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as T) : fallback;
  } catch {
    return fallback;
  }
}

const toScene = (row: Omit<SceneRow, 'timeline_json' | 'timeline_revision'>): Scene => ({
  id: row.id,
  projectId: row.project_id,
  name: row.name,
  assetId: row.asset_id,
  faceIndex: row.face_index,
  generator: row.generator,
  layerMix: parsedOr(row.layer_mix_json, LayerMix, {}),
  expressionSource: expressionSourceOf(row),
  durationSeconds: row.duration_ms / 1000,
  fps: row.fps as Scene['fps'],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const ExpressionSourceFields = ExpressionSource.omit({ assetId: true });

/** The expression source: its asset from the column, the rest from the JSON next to it. */
function expressionSourceOf(
  row: Pick<SceneRow, 'expression_asset_id' | 'expression_source_json'>,
): ExpressionSource | null {
  if (row.expression_asset_id === null) return null;
  const fields = parsedOr(row.expression_source_json, ExpressionSourceFields, {
    frameIndex: null,
    neutralFrameIndex: null,
  });
  return { assetId: row.expression_asset_id, ...fields };
}

/** Tracks stored by an earlier build may name parameters this build does not know: those are skipped, never half-read. */
function parseTracks(json: string): Track[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const tracks: Track[] = [];
  for (const entry of raw) {
    const parsed = Track.safeParse(entry);
    if (parsed.success) tracks.push(parsed.data);
  }
  return tracks;
}

export interface NewScene {
  projectId: string;
  assetId: string;
  faceIndex: number;
  name: string;
  generator: string;
  durationSeconds: number;
  fps: Scene['fps'];
}

/** Scenes and their timelines (scenes, see scenes-store-migration.ts). */
export class ScenesRepo {
  constructor(private readonly db: Database.Database) {}

  list(projectId: string): Scene[] {
    const rows = this.db
      .prepare(`SELECT ${SCENE_COLUMNS} FROM scenes WHERE project_id = ? ORDER BY created_at, rowid`)
      .all(projectId) as SceneRow[];
    return rows.map(toScene);
  }

  get(id: string): Scene {
    const row = this.db.prepare(`SELECT ${SCENE_COLUMNS} FROM scenes WHERE id = ?`).get(id) as SceneRow | undefined;
    if (!row) throw new ApiError('not_found', `There is no scene with id ${id}.`);
    return toScene(row);
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM scenes WHERE id = ?').get(id) !== undefined;
  }

  /** The first "Scene N" no scene of the project is named (names compare trimmed and case-insensitively). */
  nextDefaultName(projectId: string): string {
    const taken = new Set(this.namesOf(projectId).map((scene) => sceneNameKey(scene.name)));
    let n = 1;
    while (taken.has(sceneNameKey(`Scene ${n}`))) n += 1;
    return `Scene ${n}`;
  }

  /**
   * `name`, or "name (2)", "name (3)", ... when another scene of the project has it: an undo that
   * restores a deleted scene must not fail because a scene made meanwhile (a portrait opened for the
   * first time, another window, the CLI) took its default name; a failed undo would block every older step.
   */
  private freeVariantOf(projectId: string, name: string): string {
    const taken = new Set(this.namesOf(projectId).map((scene) => sceneNameKey(scene.name)));
    if (!taken.has(sceneNameKey(name))) return name;
    for (let n = 2; ; n++) {
      const suffix = ` (${n})`;
      const candidate = name.slice(0, SCENE_NAME_MAX_LENGTH - suffix.length) + suffix;
      if (!taken.has(sceneNameKey(candidate))) return candidate;
    }
  }

  create(scene: NewScene, now = Date.now()): Scene {
    this.assertNameFree(scene.projectId, scene.name, null);
    const id = randomUUID();
    // Scenes list in creation order; a creation time unique in the project keeps that order exact
    // when a deleted scene is restored (it gets a new rowid but keeps its creation time).
    const latest = this.db
      .prepare('SELECT MAX(created_at) FROM scenes WHERE project_id = ?')
      .pluck()
      .get(scene.projectId) as number | null;
    const createdAt = latest === null ? now : Math.max(now, latest + 1);
    this.db
      .prepare(
        `INSERT INTO scenes (id, project_id, name, asset_id, face_index, generator, layer_mix_json, duration_ms, fps,
          created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?)`,
      )
      .run(
        id,
        scene.projectId,
        scene.name,
        scene.assetId,
        scene.faceIndex,
        scene.generator,
        scene.durationSeconds * 1000,
        scene.fps,
        createdAt,
        createdAt,
      );
    return this.get(id);
  }

  /**
   * Puts a deleted scene back as it was: its id, name (or a free variant of it, freeVariantOf), face,
   * backend, layer mix, expression source, length, rate, creation time (so it lists where it was) and
   * timeline (at revision 0). The caller has checked what may have changed since the deletion (asset,
   * face, backend).
   */
  restore(scene: RestoredScene, tracks: readonly Track[], now = Date.now()): Scene {
    if (this.exists(scene.id)) throw new ApiError('conflict', `There is already a scene with id ${scene.id}.`);
    const name = this.freeVariantOf(scene.projectId, scene.name);
    const source = scene.expressionSource;
    this.db
      .prepare(
        `INSERT INTO scenes (id, project_id, name, asset_id, face_index, generator, layer_mix_json, expression_asset_id,
          expression_source_json, duration_ms, fps, timeline_json, timeline_revision, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      )
      .run(
        scene.id,
        scene.projectId,
        name,
        scene.assetId,
        scene.faceIndex,
        scene.generator,
        JSON.stringify(scene.layerMix),
        source?.assetId ?? null,
        source === null
          ? null
          : JSON.stringify({ frameIndex: source.frameIndex, neutralFrameIndex: source.neutralFrameIndex }),
        scene.durationSeconds * 1000,
        scene.fps,
        JSON.stringify(tracks),
        scene.createdAt,
        now,
      );
    return this.get(scene.id);
  }

  update(id: string, patch: ScenePatch, now = Date.now()): Scene {
    const current = this.get(id);
    if (patch.name !== undefined) this.assertNameFree(current.projectId, patch.name, id);
    const next = { ...current, ...patch };
    this.db
      .prepare(
        `UPDATE scenes SET name = ?, generator = ?, layer_mix_json = ?, expression_asset_id = ?,
          expression_source_json = ?, duration_ms = ?, fps = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        next.name,
        next.generator,
        JSON.stringify(next.layerMix),
        next.expressionSource?.assetId ?? null,
        next.expressionSource === null
          ? null
          : JSON.stringify({
              frameIndex: next.expressionSource.frameIndex,
              neutralFrameIndex: next.expressionSource.neutralFrameIndex,
            }),
        next.durationSeconds * 1000,
        next.fps,
        now,
        id,
      );
    return this.get(id);
  }

  /** Deletes a scene (its masks go with it) and returns its project id. */
  delete(id: string): string {
    const { projectId } = this.get(id);
    this.db.prepare('DELETE FROM scenes WHERE id = ?').run(id);
    return projectId;
  }

  timeline(sceneId: string): Timeline {
    const row = this.db.prepare('SELECT timeline_json, timeline_revision FROM scenes WHERE id = ?').get(sceneId) as
      Pick<SceneRow, 'timeline_json' | 'timeline_revision'> | undefined;
    if (!row) throw new ApiError('not_found', `There is no scene with id ${sceneId}.`);
    return { sceneId, tracks: parseTracks(row.timeline_json), revision: row.timeline_revision };
  }

  /**
   * Replaces the scene's timeline if it is still at `baseRevision` (one UPDATE, so the check and the
   * write cannot interleave with another save) and returns it at the next revision.
   */
  saveTimeline(sceneId: string, tracks: readonly Track[], baseRevision: number, now = Date.now()): Timeline {
    const result = this.db
      .prepare(
        `UPDATE scenes SET timeline_json = ?, timeline_revision = timeline_revision + 1, updated_at = ?
         WHERE id = ? AND timeline_revision = ?`,
      )
      .run(JSON.stringify(tracks), now, sceneId, baseRevision);
    if (result.changes === 0) {
      const current = this.timeline(sceneId);
      throw new ApiError(
        'conflict',
        `The timeline was changed elsewhere (revision ${current.revision}, this edit started from ${baseRevision}). Reload it and try again.`,
      );
    }
    return this.timeline(sceneId);
  }

  private namesOf(projectId: string): { id: string; name: string }[] {
    return this.db.prepare('SELECT id, name FROM scenes WHERE project_id = ?').all(projectId) as {
      id: string;
      name: string;
    }[];
  }

  /**
   * Scene names are how users and the CLI (`mien render --scene NAME`) tell scenes apart, so no two
   * scenes of a project share one, ignoring case and surrounding spaces ("smile" takes "Smile").
   * Compared in JavaScript: SQLite's lower() folds ASCII letters only.
   */
  private assertNameFree(projectId: string, name: string, exceptId: string | null): void {
    const key = sceneNameKey(name);
    const taken = this.namesOf(projectId).find((scene) => scene.id !== exceptId && sceneNameKey(scene.name) === key);
    if (taken) throw new ApiError('conflict', `This project already has a scene named "${taken.name}".`);
  }
}
