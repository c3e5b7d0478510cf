import { z } from 'zod';
import { FaceFailureReason } from './faces';
import { Id, type Job, type JobKind } from './models';

/**
 * What each job kind's `Job.result` holds once the job succeeded. The scheduler types a job's
 * `run()` by its kind with these, and hands follow-up jobs the parsed result; clients may parse a
 * result with `succeededResult` instead of reading an untyped record.
 */
export const ImportPhotoResult = z.object({ assetId: Id });
export type ImportPhotoResult = z.infer<typeof ImportPhotoResult>;

export const ImportVideoResult = z.object({
  assetId: Id,
  /** The face-tracking job queued for the new video; null where none could be queued. */
  trackingJobId: Id.nullable(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fps: z.number().positive(),
  frameCount: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  codec: z.string(),
});
export type ImportVideoResult = z.infer<typeof ImportVideoResult>;

/** Faces found in a photo, why none was usable, or (for a video) how many frames had a face. */
export const AnalyzeFaceResult = z.object({
  assetId: Id,
  /** Photo: a usable face was found. Video: a face was found in at least one frame. */
  ok: z.boolean(),
  /** Photo, ok: faces found and the one the editor works on. */
  faces: z.number().int().nonnegative().optional(),
  chosenIndex: z.number().int().nonnegative().optional(),
  /** Photo, not ok: why, and the sentence to show. */
  reason: FaceFailureReason.optional(),
  message: z.string().optional(),
  /** Video: frames read, detector runs, frames with a face, times the tracker lost the face. */
  frames: z.number().int().nonnegative().optional(),
  detectionsRun: z.number().int().nonnegative().optional(),
  framesWithFace: z.number().int().nonnegative().optional(),
  trackingLosses: z.number().int().nonnegative().optional(),
  /** Execution-provider fallbacks and similar notes for the jobs drawer. */
  warnings: z.array(z.string()).optional(),
  /** The execution provider the models ran on. */
  provider: z.string().optional(),
});
export type AnalyzeFaceResult = z.infer<typeof AnalyzeFaceResult>;

export const FitTracksResult = z.object({
  assetId: Id,
  trackSetId: Id,
  frameCount: z.number().int().nonnegative(),
  measuredFrames: z.number().int().nonnegative(),
  meanResidualPixels: z.number().nonnegative(),
});
export type FitTracksResult = z.infer<typeof FitTracksResult>;

/** A finished export (its renders row) and where its time went. */
export const ExportResult = z.object({
  renderId: Id,
  sceneId: Id,
  fileName: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  frameCount: z.number().int().positive(),
  byteSize: z.number().int().nonnegative(),
  /** Wall time of the whole export. */
  elapsedMs: z.number().nonnegative(),
  /** Worker time spent rendering frames (summed over frames; workers render in parallel). */
  renderMs: z.number().nonnegative(),
  /** Time the job waited on ffmpeg: frames it could not yet take, and encoding after the last frame. */
  encodeWaitMs: z.number().nonnegative(),
});
export type ExportResult = z.infer<typeof ExportResult>;

/** The result schema of every job kind; adding a kind without its result fails to compile. */
export const jobResults = {
  'import-photo': ImportPhotoResult,
  'import-video': ImportVideoResult,
  'analyze-face': AnalyzeFaceResult,
  'fit-tracks': FitTracksResult,
  export: ExportResult,
} as const satisfies Record<JobKind, z.ZodType<Record<string, unknown>>>;

export type JobResultOf<K extends JobKind> = z.output<(typeof jobResults)[K]>;

/** A succeeded job's result typed by its kind; null for another kind, an unfinished job or a result that does not match. */
export function succeededResult<K extends JobKind>(job: Job, kind: K): JobResultOf<K> | null {
  if (job.kind !== kind || job.state !== 'succeeded' || job.result === null) return null;
  const parsed = jobResults[kind].safeParse(job.result);
  return parsed.success ? (parsed.data as JobResultOf<K>) : null;
}
