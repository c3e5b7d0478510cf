import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

type Row = Record<string, unknown>;
type IdMap = Map<string, string>;

/** A reference column's new value: the copy's project id or the copied row's new id. */
const COPY_PROJECT = { to: 'copy-project' } as const;
const copiedRowOf = (table: string) => ({ to: 'copied-row', table }) as const;
type Rewrite = typeof COPY_PROJECT | ReturnType<typeof copiedRowOf>;

/** How one table's rows of a project are copied. */
export interface CopiedTable {
  table: string;
  /** The row has its own `id` primary key; the copy gets a fresh one that later tables can point at. */
  renewsId: boolean;
  /** Selects the source project's rows (`@project` is its id). */
  where: string;
  /** Every column that names a row of the project (or the project itself), and what the copy puts there. */
  rewrite: Readonly<Record<string, Rewrite>>;
}

const SOURCE_ASSETS = 'SELECT id FROM assets WHERE project_id = @project';
const SOURCE_SCENES = 'SELECT id FROM scenes WHERE project_id = @project';

/**
 * Every project-owned table, parents before children. Columns not named in `rewrite` are copied
 * as they are (SELECT *), so a column added later comes along by itself; a table or a reference
 * column added later must be listed here or in NOT_COPIED, which tests/unit/engine/store/copy-project.test.ts
 * checks against the migrated schema (see copyPlanGaps).
 */
export const COPY_PLAN: readonly CopiedTable[] = [
  { table: 'assets', renewsId: true, where: 'project_id = @project', rewrite: { project_id: COPY_PROJECT } },
  {
    table: 'faces',
    renewsId: true,
    where: `asset_id IN (${SOURCE_ASSETS})`,
    rewrite: { asset_id: copiedRowOf('assets') },
  },
  {
    table: 'face_analyses',
    renewsId: false,
    where: `asset_id IN (${SOURCE_ASSETS})`,
    rewrite: { asset_id: copiedRowOf('assets') },
  },
  {
    table: 'rig_states',
    renewsId: false,
    where: `asset_id IN (${SOURCE_ASSETS})`,
    rewrite: { asset_id: copiedRowOf('assets') },
  },
  { table: 'rig_presets', renewsId: true, where: 'project_id = @project', rewrite: { project_id: COPY_PROJECT } },
  {
    table: 'track_sets',
    renewsId: true,
    where: 'project_id = @project',
    rewrite: { project_id: COPY_PROJECT, source_asset_id: copiedRowOf('assets') },
  },
  {
    table: 'track_channels',
    renewsId: false,
    where: 'track_set_id IN (SELECT id FROM track_sets WHERE project_id = @project)',
    rewrite: { track_set_id: copiedRowOf('track_sets') },
  },
  {
    table: 'scenes',
    renewsId: true,
    where: 'project_id = @project',
    rewrite: {
      project_id: COPY_PROJECT,
      asset_id: copiedRowOf('assets'),
      expression_asset_id: copiedRowOf('assets'),
    },
  },
  {
    table: 'masks',
    renewsId: true,
    where: `scene_id IN (${SOURCE_SCENES})`,
    rewrite: { scene_id: copiedRowOf('scenes') },
  },
];

/** Tables deliberately left out of a copy, and why. */
export const NOT_COPIED: Readonly<Record<string, string>> = {
  projects: 'the copy gets its own row (ProjectsRepo.duplicate)',
  blobs: 'files are content-addressed and shared by hash; the garbage collector counts every reference',
  renders:
    "an export is a file in the original project's exports folder (<dataDir>/exports/<projectId>/); the copy has its scenes and starts with no exports",
  jobs: 'a job records work run in the original project; the copy starts with no job history',
};

const insertStatement = (db: Database.Database, table: string, columns: readonly string[]): Database.Statement =>
  db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`);

/**
 * Copies every project-owned row (COPY_PLAN) of one project into another, with fresh ids and every
 * reference between the copied rows rewritten. Blobs are shared, not copied. Must run inside the
 * caller's transaction, so a failure leaves no partial copy.
 */
export function copyProjectContents(db: Database.Database, fromProjectId: string, toProjectId: string): void {
  const newIds = new Map<string, IdMap>();
  for (const plan of COPY_PLAN) {
    const rows = db.prepare(`SELECT * FROM ${plan.table} WHERE ${plan.where} ORDER BY rowid`).all({
      project: fromProjectId,
    }) as Row[];
    const ids: IdMap = new Map();
    newIds.set(plan.table, ids);
    if (rows.length === 0) continue;
    // SELECT * gives every row of a table the same columns, so one statement serves them all.
    const insert = insertStatement(db, plan.table, Object.keys(rows[0]!));
    for (const row of rows) {
      const copy: Row = { ...row };
      if (plan.renewsId) {
        copy.id = randomUUID();
        ids.set(String(row.id), copy.id as string);
      }
      for (const [column, rewrite] of Object.entries(plan.rewrite)) {
        copy[column] = rewrittenValue(row[column], rewrite, toProjectId, newIds);
      }
      insert.run(copy);
    }
  }
}

function rewrittenValue(
  value: unknown,
  rewrite: Rewrite,
  toProjectId: string,
  newIds: ReadonlyMap<string, IdMap>,
): string | null {
  if (rewrite.to === 'copy-project') return toProjectId;
  if (value == null) return null;
  // A reference outside the copied rows (none is made today) must not tie the copy to another
  // project: it becomes NULL, and a NOT NULL column then fails the whole copy with SQLite's error.
  return newIds.get(rewrite.table)?.get(String(value)) ?? null;
}

interface ColumnInfo {
  name: string;
}
interface ForeignKeyInfo {
  table: string;
  from: string;
}

/** Columns that name project-owned rows even without a declared foreign key. */
const looksLikeReference = (column: string): boolean => column === 'id' || column.endsWith('_id');

/**
 * What COPY_PLAN misses in a migrated database: a table neither copied nor in NOT_COPIED, a
 * reference column (foreign key other than to blobs, or a *_id column) without a rewrite, or a
 * rewrite to a table not copied earlier. Empty when a duplicate copies everything.
 */
export function copyPlanGaps(db: Database.Database): string[] {
  const gaps: string[] = [];
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const planned = new Map(COPY_PLAN.map((plan) => [plan.table, plan]));
  for (const table of tables) {
    if (!planned.has(table) && !(table in NOT_COPIED)) {
      gaps.push(`table ${table} is neither in COPY_PLAN nor in NOT_COPIED`);
    }
  }
  const copiedSoFar = new Set<string>();
  for (const plan of COPY_PLAN) {
    if (!tables.includes(plan.table)) gaps.push(`COPY_PLAN names ${plan.table}, which the schema does not have`);
    const columns = (db.prepare(`PRAGMA table_info(${plan.table})`).all() as ColumnInfo[]).map((c) => c.name);
    const foreignKeys = db.prepare(`PRAGMA foreign_key_list(${plan.table})`).all() as ForeignKeyInfo[];
    const references = new Set([
      ...foreignKeys.filter((fk) => fk.table !== 'blobs').map((fk) => fk.from),
      ...columns.filter(looksLikeReference).filter((c) => !(c === 'id' && plan.renewsId)),
    ]);
    for (const column of references) {
      if (!(column in plan.rewrite))
        gaps.push(`${plan.table}.${column} refers to a row but COPY_PLAN does not rewrite it`);
    }
    if (plan.renewsId && !columns.includes('id')) gaps.push(`${plan.table} has no id column to renew`);
    for (const [column, rewrite] of Object.entries(plan.rewrite)) {
      if (!columns.includes(column)) gaps.push(`${plan.table}.${column} is rewritten but does not exist`);
      if (rewrite.to !== 'copied-row') continue;
      const target = planned.get(rewrite.table);
      if (!target?.renewsId || !copiedSoFar.has(rewrite.table)) {
        gaps.push(`${plan.table}.${column} points at ${rewrite.table}, which is not copied (with new ids) before it`);
      }
    }
    copiedSoFar.add(plan.table);
  }
  return gaps;
}
