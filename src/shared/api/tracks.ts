import { z } from 'zod';
import { Id, Job, JobState } from './models';
import { ClampedValue, CoefficientRecord, HeadRotationRecord } from './rig';

/**
 * Coefficient tracks (docs/tracks.md): per-frame rig values over time, from a driving video's
 * face tracking or from an imported Live Link Face CSV / MediaPipe blendshape JSON. A track set
 * holds one channel per animated parameter, all sampled on the same frames.
 */

/**
 * Channel names follow the timeline's target naming: 'rig.<arkitName>' for the 52 coefficients
 * (0..1), 'head.yawDeg' / 'head.pitchDeg' / 'head.rollDeg' for head rotation in degrees (the rig's
 * HeadPose convention), 'eyes.<LiveLinkColumn>' for Live Link Face's eye rotations in degrees.
 */
export const TrackChannelUnit = z.enum(['coefficient', 'degrees']);
export type TrackChannelUnit = z.infer<typeof TrackChannelUnit>;

export const TrackSetSourceKind = z.enum(['video', 'live-link-csv', 'blendshape-json']);
export type TrackSetSourceKind = z.infer<typeof TrackSetSourceKind>;

export const TrackSetSummary = z.object({
  id: Id,
  projectId: Id,
  name: z.string(),
  source: z.object({
    kind: TrackSetSourceKind,
    /** The video asset the tracks were fitted from; null for files, or once that video is removed. */
    assetId: Id.nullable(),
    /** The video's or file's name. */
    name: z.string(),
  }),
  fps: z.number().positive(),
  frameCount: z.number().int().positive(),
  /** Time of the last frame, seconds from the first. */
  durationSeconds: z.number().nonnegative(),
  /** Absolute time of the first frame (a Live Link timecode), 0 when unknown. */
  startSeconds: z.number(),
  channels: z.array(z.object({ name: z.string(), unit: TrackChannelUnit })),
  /** Frames measured (video: a face was found; files: every row); the rest were filled in. */
  measuredFrames: z.number().int().nonnegative(),
  /** How a video's tracks were made (identity frames, residual, smoothing); null for files. */
  fit: z
    .object({
      identityFrames: z.array(z.number().int().nonnegative()),
      meanResidualPixels: z.number(),
      smoothing: z.string(),
    })
    .nullable(),
  createdAt: z.number(),
});
export type TrackSetSummary = z.infer<typeof TrackSetSummary>;

const Float64Samples = z.custom<Float64Array>((value) => value instanceof Float64Array, 'expected a Float64Array');
const Float32Samples = z.custom<Float32Array>((value) => value instanceof Float32Array, 'expected a Float32Array');
const ByteFlags = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected a Uint8Array');

/**
 * A track set's frames as typed arrays, exactly as stored: on the web transport they travel as one
 * binary message (binary-result.ts), not as JSON number lists.
 */
export const TrackSetValues = z.object({
  summary: TrackSetSummary,
  /** Seconds from the first frame, one per frame. */
  times: Float64Samples,
  /** Per frame: 1 a face was measured, 0 the value was interpolated from neighbours. */
  measured: ByteFlags,
  channels: z.array(z.object({ name: z.string(), unit: TrackChannelUnit, values: Float32Samples })),
});
export type TrackSetValues = z.infer<typeof TrackSetValues>;

/** The face-tracking outcome of a video asset, for the viewer. */
export const VideoTrackingSummary = z.object({
  assetId: Id,
  /** False until the analyze-face job has stored a result. */
  analysed: z.boolean(),
  ok: z.boolean(),
  message: z.string().nullable(),
  counters: z
    .object({
      frames: z.number().int().nonnegative(),
      detectionsRun: z.number().int().nonnegative(),
      framesWithFace: z.number().int().nonnegative(),
      trackingLosses: z.number().int().nonnegative(),
    })
    .nullable(),
  trackSetIds: z.array(Id),
  /**
   * The latest tracking or track-fitting job of this video, whatever its outcome (a cancelled or
   * interrupted run leaves no result, so `analysed` alone cannot tell it from "never ran").
   */
  lastRun: z
    .object({
      kind: z.enum(['analyze-face', 'fit-tracks']),
      state: JobState,
      error: z.string().nullable(),
    })
    .nullable(),
});
export type VideoTrackingSummary = z.infer<typeof VideoTrackingSummary>;

export const RetargetMode = z.enum(['relative', 'absolute']);
export type RetargetMode = z.infer<typeof RetargetMode>;

const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');

export const trackMethods = {
  'tracks.list': { params: z.object({ projectId: Id }).strict(), result: z.array(TrackSetSummary) },
  /** Every frame of the set; `channels` limits which (by name). */
  'tracks.get': {
    params: z.object({ trackSetId: Id, channels: z.array(z.string()).optional() }).strict(),
    result: TrackSetValues,
  },
  'tracks.delete': { params: z.object({ trackSetId: Id }).strict(), result: z.object({ ok: z.literal(true) }) },
  /**
   * Imports a Live Link Face CSV or a MediaPipe blendshape JSON (told apart by content) as one
   * track set, all or nothing; a malformed row is an invalid_request naming its line.
   * fps: the recording rate (Live Link timecodes count frames at it; default for CSV: read from the
   * timecodes' frame field, 60 when the capture is under a second; for JSON 30).
   */
  'tracks.importFile': {
    params: z
      .object({
        projectId: Id,
        fileName: z.string().min(1).max(255),
        bytes: Bytes,
        fps: z.number().positive().max(1000).optional(),
      })
      .strict(),
    result: z.object({
      trackSet: TrackSetSummary,
      /** Columns the importer did not know (ignored). */
      ignoredColumns: z.array(z.string()),
      /** Values outside [0, 1] that were clamped. */
      clampedValues: z.number().int().nonnegative(),
    }),
  },
  /** The set as a Live Link Face CSV (the importer reads it back to the same values). */
  'tracks.exportCsv': {
    params: z.object({ trackSetId: Id }).strict(),
    result: z.object({ fileName: z.string(), text: z.string() }),
  },
  /** Queues a 'fit-tracks' job that (re)fits a tracked video's frames into a track set. */
  'tracks.fromVideo': { params: z.object({ assetId: Id }).strict(), result: Job },
  /**
   * Retargets one frame onto a portrait's rig (docs/tracks.md): 'relative' adds the driver's change
   * from its own rest (per-coefficient minimum over the set) to the portrait's fitted expression,
   * 'absolute' takes the driver's values. includePose turns the head by the driver's rotation
   * (relative to its median head pose in 'relative' mode). write: false only computes the values.
   */
  'tracks.applyFrame': {
    params: z
      .object({
        trackSetId: Id,
        frame: z.number().int().nonnegative(),
        assetId: Id,
        mode: RetargetMode.default('relative'),
        includePose: z.boolean().default(false),
        write: z.boolean().default(true),
      })
      .strict(),
    result: z.object({
      coefficients: CoefficientRecord,
      head: HeadRotationRecord,
      clamped: z.array(ClampedValue),
      written: z.boolean(),
    }),
  },
  'videos.trackingSummary': { params: z.object({ assetId: Id }).strict(), result: VideoTrackingSummary },
} as const;
