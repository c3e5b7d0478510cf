import { z } from 'zod';

/** Domain records as the API returns them. Timestamps are milliseconds since the epoch. */

export const Id = z.string().min(1).max(64);
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha256');

export const Project = z.object({
  id: Id,
  name: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Every imported file that is an asset: photos (portraits and expression photos) and videos. */
  assetCount: z.number().int().nonnegative(),
  /** Portraits and expression photos. */
  photoCount: z.number().int().nonnegative(),
  videoCount: z.number().int().nonnegative(),
  /** Imported motion files (Live Link Face CSV, blendshape JSON); the tracks fitted from a video are not counted. */
  trackFileCount: z.number().int().nonnegative(),
  /** sha256 of the thumbnail blob of the project's first portrait, if any. */
  thumbnailSha256: Sha256.nullable(),
});
export type Project = z.infer<typeof Project>;

export const AssetKind = z.enum(['portrait', 'expression', 'video']);
export type AssetKind = z.infer<typeof AssetKind>;

export const Asset = z.object({
  id: Id,
  projectId: Id,
  kind: AssetKind,
  originalName: z.string(),
  mime: z.string(),
  byteSize: z.number().int().nonnegative(),
  /** Original file, byte for byte. */
  originalSha256: Sha256,
  /** Upright (EXIF applied), possibly downscaled copy every later stage works on. */
  workingSha256: Sha256,
  thumbnailSha256: Sha256,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  workingWidth: z.number().int().positive(),
  workingHeight: z.number().int().positive(),
  createdAt: z.number(),
  /** Video assets: length, frame rate and frame count as probed at import; absent or null for photos. */
  durationMs: z.number().nonnegative().nullable().optional(),
  fps: z.number().positive().nullable().optional(),
  frameCount: z.number().int().nonnegative().nullable().optional(),
  /** True (in assets.list) when a file behind the asset was deleted or moved outside Mien: re-import or remove it. */
  fileMissing: z.boolean().optional(),
});
export type Asset = z.infer<typeof Asset>;

export const JobKind = z.enum(['import-photo', 'analyze-face', 'import-video', 'fit-tracks', 'invert', 'export']);
export type JobKind = z.infer<typeof JobKind>;

export const JobPriority = z.enum(['interactive', 'batch']);
export type JobPriority = z.infer<typeof JobPriority>;

export const JobState = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof JobState>;

export const JobProgress = z.object({
  fraction: z.number().min(0).max(1),
  stage: z.string(),
  etaMs: z.number().nonnegative().nullable(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const Job = z.object({
  id: Id,
  kind: JobKind,
  projectId: Id.nullable(),
  /**
   * The asset the job works on, so a viewer can tell "this photo is being analysed" while the job
   * runs. Null until known: an import learns its asset id when it succeeds.
   */
  assetId: Id.nullable(),
  priority: JobPriority,
  state: JobState,
  /** Short label for the jobs drawer, e.g. "Import portrait.jpg". */
  title: z.string(),
  progress: JobProgress,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Kind-specific JSON result once succeeded: see jobResults (job-results.ts) for each kind's shape. */
  result: z.record(z.string(), z.unknown()).nullable(),
  /** True while the job publishes preview frames on its stream (stream id = job id). */
  hasPreview: z.boolean(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
export type Job = z.infer<typeof Job>;

export const StoreStatus = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    path: z.string(),
    schemaVersion: z.number().int(),
    /** Why the store is open read-only (everything readable, nothing saved), or null when writable. */
    readOnly: z.string().nullable(),
  }),
  z.object({
    ok: z.literal(false),
    path: z.string(),
    /**
     * corrupt: move it aside to start fresh; in_use: another process has it, try again; read_only:
     * cannot be created or upgraded here; disk_full: free some space, try again.
     */
    problem: z.enum(['corrupt', 'in_use', 'read_only', 'disk_full']),
    reason: z.string(),
  }),
]);
export type StoreStatus = z.infer<typeof StoreStatus>;

export const SystemInfo = z.object({
  version: z.string(),
  host: z.enum(['desktop', 'web', 'cli']),
  store: StoreStatus,
  ffmpeg: z.object({ available: z.boolean(), path: z.string().nullable(), source: z.string(), message: z.string() }),
  limits: z.object({ maxImportBytes: z.number().int(), maxWorkingSide: z.number().int() }),
});
export type SystemInfo = z.infer<typeof SystemInfo>;
