import { z } from 'zod';
import { Id, Job } from './models';

/**
 * Face analysis results as the API returns them (the engine's face pipeline produces exactly
 * these shapes). Coordinates are pixels of the asset's working image, origin top-left.
 */

/** The 7 expression classes of the emotion model, in its output order. */
export const EXPRESSION_NAMES = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;
export const ExpressionName = z.enum(EXPRESSION_NAMES);
export type ExpressionName = z.infer<typeof ExpressionName>;

/** 468 mesh points + 5 iris points per eye. */
export const LANDMARK_COUNT = 478;

/** Most frames one faces.videoFrames call returns (about 10 s at 30 fps, ~2.6 MB of JSON). */
export const VIDEO_FRAMES_MAX_COUNT = 300;

export const FaceBox = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type FaceBox = z.infer<typeof FaceBox>;

/** A square crop region rotated by `angle` radians about its centre. */
export const RotatedSquare = z.object({ cx: z.number(), cy: z.number(), size: z.number(), angle: z.number() });
export type RotatedSquare = z.infer<typeof RotatedSquare>;

export const Expressions = z.record(ExpressionName, z.number().min(0).max(1));
export type Expressions = z.infer<typeof Expressions>;

export const AnalyzedFace = z.object({
  /** Box of the 468 mesh points. */
  box: FaceBox,
  /** Detector confidence, 0..1. */
  score: z.number(),
  /**
   * x, y, z triplets (length 1434). z is a relative depth in the same pixel scale, smaller is
   * nearer. MediaPipe order: 0..467 mesh, 468..472 iris of the subject's right eye (image left
   * in a frontal photo; centre first), 473..477 iris of the subject's left eye.
   */
  landmarks: z.array(z.number()).length(LANDMARK_COUNT * 3),
  /** Face-presence score of the mesh model, 0..1. */
  presence: z.number(),
  /** Head rotation in degrees; 0, 0, 0 is frontal and upright. */
  pose: z.object({ yaw: z.number(), pitch: z.number(), roll: z.number() }),
  /** Probabilities of the 7 expressions (sum 1); null when not computed. */
  expressions: Expressions.nullable(),
  /** 1024-value identity descriptor (compare by cosine similarity); null when not computed. */
  descriptor: z.array(z.number()).nullable(),
  /** The aligned crop the mesh was fitted in. */
  region: RotatedSquare,
  /**
   * False when the face does not look human (a middling presence score, or a mesh whose
   * proportions no human face has): the analysis goes on, but the UI says NOT_HUMAN_MESSAGE.
   * Absent in analyses stored before it existed (treated as true).
   */
  likelyHuman: z.boolean().optional(),
  /** 1 for human mesh proportions, falling to 0 for proportions no human face has. */
  meshPlausibility: z.number().min(0).max(1).optional(),
});
export type AnalyzedFace = z.infer<typeof AnalyzedFace>;

/** What the UI says about a face with likelyHuman false. */
export const NOT_HUMAN_MESSAGE = 'This does not look like a human face; results may be wrong';

export const FaceFailureReason = z.enum(['no_face', 'face_too_small', 'profile']);
export type FaceFailureReason = z.infer<typeof FaceFailureReason>;

/** A detection that could not be fitted, with the sentence to show the user. */
export const RejectedFace = z.object({
  box: FaceBox,
  score: z.number(),
  reason: z.enum(['face_too_small', 'profile']),
  message: z.string(),
});
export type RejectedFace = z.infer<typeof RejectedFace>;

export const FaceAnalysis = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    imageWidth: z.number().int().positive(),
    imageHeight: z.number().int().positive(),
    /** Largest first. */
    faces: z.array(AnalyzedFace).min(1),
    /** The face the editor works on: 0 (the largest) unless the user picked another. */
    chosenIndex: z.number().int().nonnegative(),
    rejected: z.array(RejectedFace),
  }),
  z.object({
    ok: z.literal(false),
    imageWidth: z.number().int().positive(),
    imageHeight: z.number().int().positive(),
    reason: FaceFailureReason,
    /** e.g. "No face found", "Face too small: 31 px (needs at least 48 px)". */
    message: z.string(),
    rejected: z.array(RejectedFace),
  }),
]);
export type FaceAnalysis = z.infer<typeof FaceAnalysis>;
export type FaceAnalysisSuccess = Extract<FaceAnalysis, { ok: true }>;
export type FaceAnalysisFailure = Extract<FaceAnalysis, { ok: false }>;

/** The sentence the viewer and the CLI show for an analysis that found no usable face. */
export function faceFailureSentence(analysis: FaceAnalysisFailure): string {
  return analysis.reason === 'no_face' ? 'No face found in this photo' : analysis.message;
}

/**
 * Face methods, spread into the contract's method table (methods.ts). faces.analyze starts an
 * 'analyze-face' job (result { assetId, ok, ... }); faces.get reads what it stored.
 */
export const faceMethods = {
  /** The stored analysis of a photo asset; null when it was never analysed. */
  'faces.get': {
    params: z.object({ assetId: Id }).strict(),
    result: z.object({ analysis: FaceAnalysis.nullable() }),
  },
  /** Queues face analysis of an asset (photo: all faces; video: the main face in every frame). */
  'faces.analyze': {
    params: z.object({ assetId: Id, chooseIndex: z.number().int().nonnegative().optional() }).strict(),
    result: Job,
  },
  /** Makes another detected face the one the editor works on (index into the largest-first list). */
  'faces.choose': {
    params: z.object({ assetId: Id, index: z.number().int().nonnegative() }).strict(),
    result: FaceAnalysis,
  },
  /**
   * Tracked landmarks of a video asset for frames from..from+count-1 (fewer at the end), in
   * video pixels. Points are x, y pairs (478 * 2, depth dropped to keep payloads small); null
   * for a frame where no face was found. Fails for a photo or a video not tracked yet.
   */
  'faces.videoFrames': {
    params: z
      .object({
        assetId: Id,
        from: z.number().int().nonnegative(),
        count: z.number().int().min(1).max(VIDEO_FRAMES_MAX_COUNT),
      })
      .strict(),
    result: z.object({
      fps: z.number().positive(),
      /** Frames the tracking read (the video's length in frames). */
      frameCount: z.number().int().nonnegative(),
      /** Size of the frames the landmarks refer to. */
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      frames: z.array(
        z.object({
          frame: z.number().int().nonnegative(),
          landmarks: z
            .array(z.number())
            .length(LANDMARK_COUNT * 2)
            .nullable(),
        }),
      ),
    }),
  },
} as const;
