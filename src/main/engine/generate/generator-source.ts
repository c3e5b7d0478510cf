import { evaluateRig, identityNeutral, projectToImage, RigFitter, type HeadPose } from '../../../shared/rig';
import type { GeneratorSource, RgbaFrame } from './generator';

/** The rig fit as the store keeps it (see rig/asset-rig-fit.ts, StoredRigFit). */
export interface SourceFit {
  pose: HeadPose;
  coefficients: ArrayLike<number>;
  identityModes: ArrayLike<number>;
  identityDetail: ArrayLike<number> | null;
}

/**
 * A generator source from a photo, its landmarks and fit, all in the pixels of the landmarks'
 * image; `image` may be larger (the original of a downscaled working copy): landmarks and pose are
 * scaled to it.
 */
export function generatorSource(
  key: string,
  image: RgbaFrame,
  landmarks: ArrayLike<number>,
  landmarksImageWidth: number,
  fit: SourceFit,
): GeneratorSource {
  const k = image.width / landmarksImageWidth;
  const { pose } = fit;
  const scaledPose = { ...pose, tx: pose.tx * k, ty: pose.ty * k, tz: pose.tz * k, scale: pose.scale * k };
  const coefficients = Float32Array.from(fit.coefficients);
  const neutral = identityNeutral({
    modes: Float32Array.from(fit.identityModes),
    detail: fit.identityDetail ? Float32Array.from(fit.identityDetail) : null,
  });
  const scaled = new Float32Array(478 * 3);
  // 468-point analyses have no iris: the fitted rig's iris stands in for it.
  if (landmarks.length < scaled.length) scaled.set(projectToImage(evaluateRig(neutral, coefficients), scaledPose));
  for (let i = 0; i < Math.min(scaled.length, landmarks.length); i++) scaled[i] = landmarks[i]! * k;
  return { key, image, landmarks: scaled, fit: { pose: scaledPose, coefficients, neutral } };
}

let fitter: RigFitter | null = null;

/** Fits the rig to landmarks as the engine does for a photo (identity and detail included). */
export function fitLandmarksForSource(landmarks: ArrayLike<number>): SourceFit {
  fitter ??= new RigFitter();
  const result = fitter.fit(Float32Array.from(landmarks), { fitIdentity: true, captureDetail: true });
  return {
    pose: result.pose,
    coefficients: result.coefficients,
    identityModes: result.identity.modes,
    identityDetail: result.identity.detail,
  };
}
