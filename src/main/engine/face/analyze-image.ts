import { attributeRegion, classifyExpression, describeIdentity } from './attributes';
import { detectFaces } from './detector';
import type { FaceModels } from './face-models';
import { fitLandmarks } from './landmarks';
import { estimatePose } from './pose';
import { ImagePyramid } from './pyramid';
import { boxOfLandmarks, regionFromDetection } from './regions';
import type { AnalyzeImageOptions, AnalyzedFace, FaceAnalysis, FaceDetection, RejectedFace, RgbaImage } from './types';

/** Faces narrower than this (detector box, image pixels) are too small for a usable mesh. */
export const MIN_FACE_PIXELS = 48;
/** Below this face-presence score the mesh did not find a face in the crop at all: drop it. */
const MIN_PRESENCE_FACE = 0.2;
/** Below this the mesh found something face-like it cannot fit: typically a profile. */
const MIN_PRESENCE_FIT = 0.5;
/** Beyond this yaw (degrees) the mesh's far side is guessed, not seen. */
export const MAX_YAW_DEGREES = 60;

const PROFILE_MESSAGE = `Face is in profile; Mien needs a face turned less than about ${MAX_YAW_DEGREES}°`;

/**
 * Finds every face in an RGBA image and fits the 478-point mesh, expressions and descriptor to each.
 * Never throws for image content: no face, small faces and profiles come back as a failure result.
 */
export async function analyzeImage(
  models: FaceModels,
  image: RgbaImage,
  options: AnalyzeImageOptions = {},
): Promise<FaceAnalysis> {
  const pyramid = new ImagePyramid(image);
  // Upright first; if that fits no face, the photo turned a quarter either way, then upside down.
  // Rejections are kept from the first orientation that had any, so "too small" survives the turns.
  const turns = (options.tryRotations ?? true) ? [0, Math.PI / 2, -Math.PI / 2, Math.PI] : [0];
  let faces: AnalyzedFace[] = [];
  let rejected: RejectedFace[] = [];
  for (const turn of turns) {
    const attempt = await fitDetections(models, pyramid, await detectFaces(models, pyramid, turn), options);
    if (rejected.length === 0) rejected = attempt.rejected;
    if (attempt.faces.length > 0) {
      ({ faces, rejected } = attempt);
      break;
    }
  }

  faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
  rejected.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
  const { width: imageWidth, height: imageHeight } = image;
  if (faces.length === 0) {
    const first = rejected[0];
    return first
      ? { ok: false, imageWidth, imageHeight, reason: first.reason, message: first.message, rejected }
      : { ok: false, imageWidth, imageHeight, reason: 'no_face', message: 'No face found', rejected };
  }
  const chosenIndex = Math.min(Math.max(0, Math.trunc(options.chooseIndex ?? 0)), faces.length - 1);
  return { ok: true, imageWidth, imageHeight, faces, chosenIndex, rejected };
}

/** Fits mesh, iris and attributes to each detection, or says why it cannot. */
async function fitDetections(
  models: FaceModels,
  pyramid: ImagePyramid,
  detections: FaceDetection[],
  options: AnalyzeImageOptions,
): Promise<{ faces: AnalyzedFace[]; rejected: RejectedFace[] }> {
  const faces: AnalyzedFace[] = [];
  const rejected: RejectedFace[] = [];
  for (const detection of detections) {
    const size = Math.min(detection.box.width, detection.box.height);
    if (size < MIN_FACE_PIXELS) {
      rejected.push({
        box: detection.box,
        score: detection.score,
        reason: 'face_too_small',
        message: `Face too small: ${Math.round(size)} px (needs about ${MIN_FACE_PIXELS} px)`,
      });
      continue;
    }
    const region = regionFromDetection(detection);
    const fit = await fitLandmarks(models, pyramid, region);
    if (fit.presence < MIN_PRESENCE_FACE) continue;
    const pose = estimatePose(fit.landmarks);
    if (fit.presence < MIN_PRESENCE_FIT || Math.abs(pose.yaw) > MAX_YAW_DEGREES) {
      rejected.push({ box: detection.box, score: detection.score, reason: 'profile', message: PROFILE_MESSAGE });
      continue;
    }
    const aligned = attributeRegion(fit.landmarks);
    faces.push({
      box: boxOfLandmarks(fit.landmarks, 468),
      score: detection.score,
      landmarks: Array.from(fit.landmarks),
      presence: fit.presence,
      pose,
      expressions: options.expressions === false ? null : await classifyExpression(models, pyramid, aligned),
      descriptor: options.descriptor === false ? null : await describeIdentity(models, pyramid, aligned),
      region,
    });
  }
  return { faces, rejected };
}
