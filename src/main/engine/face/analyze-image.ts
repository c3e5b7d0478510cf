import { attributeRegion, classifyExpression, describeIdentity } from './attributes';
import { detectFaces, iou } from './detector';
import type { FaceModels } from './face-models';
import { fitLandmarks } from './landmarks';
import { meshPlausibility } from './mesh-plausibility';
import { estimatePose } from './pose';
import { ImagePyramid } from './pyramid';
import { boxOfLandmarks, regionFromDetection } from './regions';
import type { AnalyzeImageOptions, AnalyzedFace, FaceAnalysis, FaceDetection, RejectedFace, RgbaImage } from './types';

/** Faces narrower than this (detector box, image pixels) are too small for a usable mesh. */
export const MIN_FACE_PIXELS = 48;
/** Below this face-presence score the mesh did not find a face in the crop at all: drop it. */
const MIN_PRESENCE_FACE = 0.2;
/**
 * Below this the mesh is unsure the crop holds a face: a profile when the mesh is turned beyond
 * MAX_YAW_DEGREES, else something face-like that is not a person (an animal, a cartoon), which is
 * fitted but flagged (likelyHuman false) so the user is told and can go on.
 */
const MIN_PRESENCE_HUMAN = 0.5;
/** Below this mesh plausibility (mesh-plausibility.ts) the proportions are not a person's. */
const MIN_PLAUSIBILITY = 0.5;
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

  if (faces.length === 0 && rejected.length === 0) {
    // The whole image squeezed into the detector's 256 px input loses faces below about 20 px of
    // that input (a 25 px face in a 1200 px photo is 5 px there): search overlapping tiles at a
    // closer zoom, so a small face is found and reported as too small instead of "No face found".
    const attempt = await fitDetections(models, pyramid, await detectInTiles(models, pyramid), options);
    ({ faces, rejected } = attempt);
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
        // Rounded down: a 47.6 px face must not read "48 px (needs at least 48 px)".
        message: `Face too small: ${Math.floor(size)} px (needs at least ${MIN_FACE_PIXELS} px)`,
      });
      continue;
    }
    const region = regionFromDetection(detection);
    const fit = await fitLandmarks(models, pyramid, region);
    if (fit.presence < MIN_PRESENCE_FACE) continue;
    const pose = estimatePose(fit.landmarks);
    if (Math.abs(pose.yaw) > MAX_YAW_DEGREES) {
      rejected.push({ box: detection.box, score: detection.score, reason: 'profile', message: PROFILE_MESSAGE });
      continue;
    }
    const plausibility = meshPlausibility(fit.landmarks);
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
      likelyHuman: fit.presence >= MIN_PRESENCE_HUMAN && plausibility >= MIN_PLAUSIBILITY,
      meshPlausibility: plausibility,
    });
  }
  return { faces, rejected };
}

/** Tiles at least this big (image pixels): smaller ones would zoom a face past the detector's range. */
const MIN_TILE = 256;

/**
 * The detector on overlapping square tiles (a quarter of the long side, at least MIN_TILE, half
 * overlapping), upright only; detections of the same face in neighbouring tiles are merged,
 * keeping the most confident. Runs only when the whole-image pass found nothing.
 */
async function detectInTiles(models: FaceModels, pyramid: ImagePyramid): Promise<FaceDetection[]> {
  const { width, height } = pyramid.base;
  const tile = Math.max(MIN_TILE, Math.ceil(Math.max(width, height) / 4));
  if (tile >= Math.max(width, height)) return [];
  const centres = (extent: number) => {
    const out: number[] = [];
    for (let c = tile / 2; c < extent - tile / 2 + tile / 4; c += tile / 2) out.push(Math.min(c, extent - tile / 2));
    return out.length ? out : [extent / 2];
  };
  const found: FaceDetection[] = [];
  for (const cy of centres(height)) {
    for (const cx of centres(width))
      found.push(...(await detectFaces(models, pyramid, 0, { cx, cy, size: tile, angle: 0 })));
  }
  found.sort((a, b) => b.score - a.score);
  const corners = (d: FaceDetection) =>
    [d.box.x, d.box.y, d.box.x + d.box.width, d.box.y + d.box.height] as [number, number, number, number];
  const kept: FaceDetection[] = [];
  for (const d of found) if (kept.every((k) => iou(corners(k), corners(d)) <= 0.3)) kept.push(d);
  return kept;
}
