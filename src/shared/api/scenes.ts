import { z } from 'zod';
import { LayerMix } from '../generate/generator-types';
import { SCENE_FPS } from '../timeline/frames';
import { Id, Job } from './models';
import { Track } from './timeline';
import { MAX_EXPORT_FPS, MIN_EXPORT_FPS } from './export-fps';

/**
 * Scenes, their timelines and their exports: the contract the timeline panel, the layers panel, the
 * export dialog, the CLI and the engine share (docs/timeline.md, docs/architecture.md).
 *
 * A scene animates one face of one portrait. It names the face by (asset, face index), which every
 * re-analysis keeps, never by a faces row id (re-analysis replaces rows). The portrait's rig state
 * (rig.get / rig.setCoefficients) is the scene's static pose: a parameter with a track on the
 * timeline is animated, one without a track takes the rig state's value.
 */

export const SceneFps = z.custom<SceneFpsValue>((v) => (SCENE_FPS as readonly unknown[]).includes(v), {
  message: `the frame rate must be one of ${SCENE_FPS.join(', ')}`,
});
type SceneFpsValue = (typeof SCENE_FPS)[number];

/** Longest scene: ten minutes (an hour of 60 fps frames is tested in frames.ts, ten minutes is what a clip needs). */
export const MAX_SCENE_SECONDS = 600;

/** Where a scene's expression comes from when it transfers one (issue 9): a photo, or one frame of a video. */
export const ExpressionSource = z
  .object({
    assetId: Id,
    /** The video frame the expression is taken from when no `source.frame` track animates it; null for a photo. */
    frameIndex: z.number().int().min(0).nullable(),
    /** The video's neutral frame expressions are measured against (retargeting); null: the most neutral frame, or the photo itself. */
    neutralFrameIndex: z.number().int().min(0).nullable().default(null),
  })
  .strict();
export type ExpressionSource = z.infer<typeof ExpressionSource>;

/** Longest scene name: the CLI's --scene and the export's file name (cut to 100) take it whole. */
export const SCENE_NAME_MAX_LENGTH = 200;

export const SceneName = z
  .string()
  .trim()
  .min(1, 'a scene needs a name')
  .max(SCENE_NAME_MAX_LENGTH, `a scene name has at most ${SCENE_NAME_MAX_LENGTH} characters`);

/**
 * What makes two scene names the same name: no two scenes of a project may share one (the engine
 * refuses it; the rename field says so first). Surrounding spaces and case do not count.
 */
export const sceneNameKey = (name: string): string => name.trim().toLowerCase();

export const Scene = z.object({
  id: Id,
  projectId: Id,
  name: SceneName,
  /** The portrait this scene animates and which of its faces (0: the chosen/first face). */
  assetId: Id,
  faceIndex: z.number().int().min(0),
  /** The generator backend that renders it ('warp' is built in). */
  generator: z.string().min(1).max(64),
  /** Static layer alphas; a `layer.<id>` track overrides its layer. */
  layerMix: LayerMix,
  expressionSource: ExpressionSource.nullable(),
  durationSeconds: z.number().positive().max(MAX_SCENE_SECONDS),
  fps: SceneFps,
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Scene = z.infer<typeof Scene>;

/**
 * A deleted scene as it was (scenes.list's copy, its last update time aside), which scenes.restore
 * puts back under the same id: how undoing "delete scene" returns it exactly.
 */
export const RestoredScene = Scene.omit({ updatedAt: true }).extend({
  // It orders the project's scenes: a whole, non-negative millisecond time like the ones the engine writes.
  createdAt: z.number().int().nonnegative(),
});
export type RestoredScene = z.infer<typeof RestoredScene>;

export const ScenePatch = z
  .object({
    name: SceneName,
    generator: z.string().min(1).max(64),
    layerMix: LayerMix,
    expressionSource: ExpressionSource.nullable(),
    durationSeconds: z.number().positive().max(MAX_SCENE_SECONDS),
    fps: SceneFps,
  })
  .partial()
  .strict();
export type ScenePatch = z.infer<typeof ScenePatch>;

/**
 * A scene's whole timeline. `revision` grows with every save; a save naming an older base revision
 * is refused (code 'conflict') so two windows cannot silently overwrite each other.
 */
/** A timeline's tracks: at most one per parameter. */
export const TimelineTracks = z
  .array(Track)
  .max(512)
  .superRefine((tracks, ctx) => {
    const seen = new Set<string>();
    tracks.forEach((track, index) => {
      if (seen.has(track.parameter)) {
        ctx.addIssue({ code: 'custom', path: [index, 'parameter'], message: `${track.parameter} has two tracks` });
      }
      seen.add(track.parameter);
    });
  });

export const Timeline = z.object({
  sceneId: Id,
  tracks: TimelineTracks,
  revision: z.number().int().min(0),
});
export type Timeline = z.infer<typeof Timeline>;

export const ExportFormat = z.enum(['mp4', 'gif', 'webm', 'png']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** Output size: the photo's own, a preset long side, or a custom long side (even for video formats). */
export const ExportSize = z.union(
  [
    z.literal('original'),
    z.literal(1080),
    z.literal(720),
    z.literal(512),
    z.object({ longSide: z.number().int().min(16).max(8192) }).strict(),
  ],
  { error: "the size must be 'original', 1080, 720, 512 or { longSide: 16..8192 }" },
);
export type ExportSize = z.infer<typeof ExportSize>;

export const ExportSettings = z
  .object({
    format: ExportFormat,
    size: ExportSize.default('original'),
    /** Frames per second of the output; default: the scene's. */
    fps: z.number().min(MIN_EXPORT_FPS).max(MAX_EXPORT_FPS).optional(),
    /** Frame range of the scene at its own fps, inclusive start, exclusive end; default: the whole scene. */
    range: z
      .object({ startFrame: z.number().int().min(0), endFrame: z.number().int().min(1) })
      .strict()
      .refine((r) => r.endFrame > r.startFrame, 'the range must end after it starts')
      .optional(),
    /** Quality, lower is better: H.264 0–51 (default 18), VP9 0–63 (default 32). */
    crf: z.number().int().min(0).max(63).optional(),
    /** x264 speed preset (mp4). */
    preset: z.enum(['ultrafast', 'veryfast', 'fast', 'medium', 'slow']).default('medium'),
    /** GIF: 0 loops forever, n plays n+1 times. */
    loop: z.number().int().min(0).max(65535).default(0),
    dither: z.enum(['sierra2_4a', 'bayer', 'floyd_steinberg', 'none']).default('bayer'),
  })
  .strict();
export type ExportSettings = z.infer<typeof ExportSettings>;

/** A finished export, recorded in the project. The file lives under the data folder's exports/. */
export const RenderRecord = z.object({
  id: Id,
  projectId: Id,
  sceneId: Id.nullable(),
  format: ExportFormat,
  settings: ExportSettings,
  fileName: z.string(),
  byteSize: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  frameCount: z.number().int().positive(),
  createdAt: z.number(),
});
export type RenderRecord = z.infer<typeof RenderRecord>;

const Ok = z.object({ ok: z.literal(true) });

/** Spread into `methods` (methods.ts); handled by src/main/engine/scenes. */
export const sceneMethods = {
  'scenes.list': { params: z.object({ projectId: Id }).strict(), result: z.array(Scene) },
  /**
   * A new scene of a portrait (default name "Scene N", 3 s at 30 fps, the warp generator). Without a
   * faceIndex it animates the photo's chosen face. Names are unique per project, ignoring case (code 'conflict').
   */
  'scenes.create': {
    params: z
      .object({ projectId: Id, assetId: Id, faceIndex: z.number().int().min(0).optional(), name: SceneName.optional() })
      .strict(),
    result: Scene,
  },
  'scenes.update': { params: z.object({ id: Id, patch: ScenePatch }).strict(), result: Scene },
  'scenes.delete': { params: z.object({ id: Id }).strict(), result: Ok },
  /**
   * Puts a deleted scene back with its id, creation time (so it lists where it was) and timeline
   * (undo of "delete scene"). Checked as a new scene is: the photo must still be in the project, the
   * face must exist, the id must be free ('conflict'). What may have changed since must not make the
   * undo fail for good: a name taken meanwhile (ignoring case) gives "Name (2)", a removed style
   * model the 'warp' backend, and an expression source deleted since is dropped, as it would have been
   * from the scene. Layer masks
   * went with the scene: the caller puts them back with masks.set (the timeline keeps their PNGs).
   */
  'scenes.restore': {
    params: z.object({ scene: RestoredScene, tracks: TimelineTracks }).strict(),
    result: Scene,
  },
  'timeline.get': { params: z.object({ sceneId: Id }).strict(), result: Timeline },
  'timeline.save': {
    params: z.object({ sceneId: Id, tracks: TimelineTracks, baseRevision: z.number().int().min(0) }).strict(),
    result: Timeline,
  },
  /** Starts an export job (kind 'export'): frames go from the workers to ffmpeg through a pipe. */
  'exports.start': { params: z.object({ sceneId: Id, settings: ExportSettings }).strict(), result: Job },
  'renders.list': { params: z.object({ projectId: Id }).strict(), result: z.array(RenderRecord) },
  /** Shows the file in the system's file manager (desktop) or returns its download address (web host). */
  'renders.reveal': { params: z.object({ id: Id }).strict(), result: z.object({ url: z.string().nullable() }) },
  'renders.delete': { params: z.object({ id: Id }).strict(), result: Ok },
} as const;
