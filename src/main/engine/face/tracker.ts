import { attributeRegion, classifyExpression } from './attributes';
import { detectFaces } from './detector';
import type { FaceModels } from './face-models';
import { fitLandmarks } from './landmarks';
import { OneEuroVectorFilter, type OneEuroParams } from './one-euro';
import { ImagePyramid } from './pyramid';
import { regionFromDetection, regionFromLandmarks } from './regions';
import type { ExpressionName, FaceDetection, RgbaImage, RotatedSquare } from './types';

/**
 * Follows one face through video frames the way MediaPipe's face-mesh graph does: the landmarks of
 * frame n place the crop for frame n+1, and the detector runs only when there is no face yet or
 * the mesh's face-presence score says the crop lost it.
 */

/** Below this presence the crop has lost the face and the detector runs again. */
export const TRACKING_PRESENCE = 0.5;

/** Smoothing for landmarks measured in face sizes per second (see OneEuroVectorFilter.filter's scale). */
export const DEFAULT_SMOOTHING: OneEuroParams = { minCutoff: 1, beta: 20, derivativeCutoff: 1 };

export interface TrackedFrame {
  /** Smoothed 478x3 landmarks, or null when no face is in the frame. */
  landmarks: Float64Array | null;
  /** Unsmoothed landmarks as the models returned them. */
  rawLandmarks: Float32Array | null;
  presence: number;
  detected: boolean;
  expressions: Record<ExpressionName, number> | null;
}

export interface FaceTrackerOptions {
  smoothing?: OneEuroParams;
  expressions?: boolean;
}

export class FaceTracker {
  private region: RotatedSquare | null = null;
  private readonly filter: OneEuroVectorFilter;
  detectionsRun = 0;
  trackingLosses = 0;

  constructor(
    private readonly models: FaceModels,
    private readonly options: FaceTrackerOptions = {},
  ) {
    this.filter = new OneEuroVectorFilter(options.smoothing ?? DEFAULT_SMOOTHING);
  }

  async track(frame: RgbaImage, timeMs: number): Promise<TrackedFrame> {
    const pyramid = new ImagePyramid(frame);
    let detected = false;
    let region = this.region;
    if (!region) {
      region = await this.detect(pyramid, null);
      detected = true;
    }
    let fit = region ? await fitLandmarks(this.models, pyramid, region) : null;
    if (fit && fit.presence < TRACKING_PRESENCE && !detected) {
      this.trackingLosses++;
      region = await this.detect(pyramid, region);
      detected = true;
      fit = region ? await fitLandmarks(this.models, pyramid, region) : null;
    }
    if (!fit || fit.presence < TRACKING_PRESENCE) {
      this.region = null;
      this.filter.reset();
      return { landmarks: null, rawLandmarks: null, presence: fit?.presence ?? 0, detected, expressions: null };
    }
    this.region = regionFromLandmarks(fit.landmarks, 468);
    const landmarks = this.filter.filter(fit.landmarks, timeMs / 1000, this.region.size);
    const expressions =
      this.options.expressions === false
        ? null
        : await classifyExpression(this.models, pyramid, attributeRegion(fit.landmarks));
    return { landmarks, rawLandmarks: fit.landmarks, presence: fit.presence, detected, expressions };
  }

  /** The largest face, or the one nearest to where the face was last seen. */
  private async detect(pyramid: ImagePyramid, lastSeen: RotatedSquare | null): Promise<RotatedSquare | null> {
    this.detectionsRun++;
    const faces = await detectFaces(this.models, pyramid);
    if (faces.length === 0) return null;
    const centre = (f: FaceDetection) => [f.box.x + f.box.width / 2, f.box.y + f.box.height / 2] as const;
    const rank = lastSeen
      ? (f: FaceDetection) => -Math.hypot(centre(f)[0] - lastSeen.cx, centre(f)[1] - lastSeen.cy)
      : (f: FaceDetection) => f.box.width * f.box.height;
    const best = faces.reduce((a, b) => (rank(b) > rank(a) ? b : a));
    return regionFromDetection(best);
  }
}
