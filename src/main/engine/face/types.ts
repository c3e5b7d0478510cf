/**
 * Result types of the face pipeline. The shapes that cross the API are defined once, as zod
 * schemas in src/shared/api/faces.ts; the engine-only types (inputs, options, video) live here.
 * All are plain data, so they also cross worker threads unchanged.
 */
export {
  EXPRESSION_NAMES,
  LANDMARK_COUNT,
  type AnalyzedFace,
  type ExpressionName,
  type FaceAnalysis,
  type FaceAnalysisFailure,
  type FaceAnalysisSuccess,
  type FaceBox,
  type FaceFailureReason,
  type RejectedFace,
  type RotatedSquare,
} from '../../../shared/api/faces';
import type { ExpressionName, FaceBox } from '../../../shared/api/faces';

/** One detector hit (after non-maximum suppression), in image pixels. */
export interface FaceDetection {
  box: FaceBox;
  score: number;
  /** 6 keypoints (x, y): subject's right eye, left eye, nose, mouth, right ear, left ear. */
  keypoints: number[];
}

/** An RGBA image in memory (row-major, 4 bytes per pixel, no padding). */
export interface RgbaImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

export interface AnalyzeImageOptions {
  /** Index (into the largest-first list) of the face to choose; default 0, the largest. */
  chooseIndex?: number;
  /** Run the emotion model (default true). */
  expressions?: boolean;
  /** Run the identity-descriptor model (default true). */
  descriptor?: boolean;
  /** Try the photo turned by 90, 270 and 180 degrees when no upright face is found (default true). */
  tryRotations?: boolean;
}

/** Per-frame result of video analysis. */
export interface VideoFrameFaces {
  index: number;
  timeMs: number;
  /** Smoothed 478x3 landmarks of the tracked face, or null when no face was found in this frame. */
  landmarks: number[] | null;
  /**
   * The same frame's landmarks before the tracker's smoothing (null with `landmarks`; absent in
   * analyses stored before they were kept). The rig fit reads the mouth's narrowing from them.
   */
  rawLandmarks?: number[] | null;
  presence: number;
  /** True when the detector ran on this frame (the tracker lost the face or had none). */
  detected: boolean;
  expressions: Record<ExpressionName, number> | null;
}

export interface VideoAnalysis {
  width: number;
  height: number;
  fps: number;
  frames: VideoFrameFaces[];
  counters: { frames: number; detectionsRun: number; framesWithFace: number; trackingLosses: number };
}
