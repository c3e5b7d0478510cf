import { DETECTOR_ANCHORS, MODEL_INPUT_SIZE, type FaceModels } from './face-models';
import type { ImagePyramid } from './pyramid';
import type { FaceDetection, RotatedSquare } from './types';
import { cropToImage, writeCrop } from './warp';

/**
 * BlazeFace (256x256 "back camera" variant, 896 anchors) decoding: anchors on a 16x16 grid with 2
 * per cell and an 8x8 grid with 6 per cell, box centre/size regressed in input pixels relative to
 * the anchor centre, 6 keypoints, sigmoid scores, then weighted non-maximum suppression as in
 * MediaPipe (overlapping boxes are averaged by score, which steadies the box between frames).
 */

const INPUT = MODEL_INPUT_SIZE.detector;
export const MIN_DETECTION_SCORE = 0.5;
const SUPPRESSION_IOU = 0.3;
const KEYPOINTS = 6;

const anchors: Float32Array = buildAnchors();

function buildAnchors(): Float32Array {
  const out = new Float32Array(DETECTOR_ANCHORS * 2);
  let i = 0;
  for (const [stride, perCell] of [
    [16, 2],
    [32, 6],
  ] as const) {
    const cells = Math.ceil(INPUT / stride);
    for (let gy = 0; gy < cells; gy++) {
      for (let gx = 0; gx < cells; gx++) {
        for (let k = 0; k < perCell; k++) {
          out[i++] = stride * (gx + 0.5);
          out[i++] = stride * (gy + 0.5);
        }
      }
    }
  }
  return out;
}

interface RawDetection {
  /** xmin, ymin, xmax, ymax in detector input pixels. */
  box: [number, number, number, number];
  keypoints: number[];
  score: number;
}

/**
 * Runs the detector on the whole image (letterboxed into a square, optionally turned by `turn`
 * radians so sideways photos can be searched too), or on one square `area` of it, and returns
 * faces in image pixels.
 */
export async function detectFaces(
  models: FaceModels,
  pyramid: ImagePyramid,
  turn = 0,
  area?: RotatedSquare,
): Promise<FaceDetection[]> {
  const { width, height } = pyramid.base;
  const letterbox: RotatedSquare = area ?? {
    cx: width / 2,
    cy: height / 2,
    size: Math.max(width, height),
    angle: turn,
  };
  const input = new Float32Array(INPUT * INPUT * 3);
  writeCrop(
    pyramid,
    {
      region: letterbox,
      outSize: INPUT,
      scale: 1 / 127.5,
      offset: -1,
      channels: 'rgb',
      layout: models.layouts.detector,
      border: 'black',
    },
    input,
  );
  const { logits, regressors } = await models.detect(input);
  const raw = decode(logits, regressors);
  return weightedNonMaxSuppression(raw).map((d) => toImage(d, letterbox));
}

function decode(logits: Float32Array, regressors: Float32Array): RawDetection[] {
  const minLogit = Math.log(MIN_DETECTION_SCORE / (1 - MIN_DETECTION_SCORE));
  const out: RawDetection[] = [];
  for (let i = 0; i < DETECTOR_ANCHORS; i++) {
    const logit = logits[i]!;
    if (logit < minLogit) continue;
    const r = i * 16;
    const ax = anchors[2 * i]!;
    const ay = anchors[2 * i + 1]!;
    const cx = regressors[r]! + ax;
    const cy = regressors[r + 1]! + ay;
    const w = regressors[r + 2]!;
    const h = regressors[r + 3]!;
    const keypoints: number[] = [];
    for (let k = 0; k < KEYPOINTS; k++) {
      keypoints.push(regressors[r + 4 + 2 * k]! + ax, regressors[r + 5 + 2 * k]! + ay);
    }
    out.push({
      box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2],
      keypoints,
      score: 1 / (1 + Math.exp(-logit)),
    });
  }
  return out;
}

export function iou(a: RawDetection['box'], b: RawDetection['box']): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/** MediaPipe's weighted NMS: each kept detection is the score-weighted mean of the boxes it suppresses. */
export function weightedNonMaxSuppression(detections: RawDetection[]): RawDetection[] {
  const remaining = [...detections].sort((a, b) => b.score - a.score);
  const kept: RawDetection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0]!;
    const overlapping: RawDetection[] = [];
    const rest: RawDetection[] = [];
    for (const d of remaining) (iou(best.box, d.box) > SUPPRESSION_IOU ? overlapping : rest).push(d);
    const total = overlapping.reduce((sum, d) => sum + d.score, 0);
    const box = [0, 0, 0, 0];
    const keypoints = new Array<number>(KEYPOINTS * 2).fill(0);
    for (const d of overlapping) {
      const weight = d.score / total;
      for (let j = 0; j < 4; j++) box[j] = box[j]! + d.box[j]! * weight;
      for (let j = 0; j < keypoints.length; j++) keypoints[j] = keypoints[j]! + d.keypoints[j]! * weight;
    }
    kept.push({ box: box as RawDetection['box'], keypoints, score: best.score });
    remaining.length = 0;
    remaining.push(...rest);
  }
  return kept;
}

function toImage(d: RawDetection, letterbox: RotatedSquare): FaceDetection {
  // A turned letterbox maps the box to a rotated rectangle: keep its axis-aligned bounds.
  const corners = [
    cropToImage(letterbox, INPUT, d.box[0], d.box[1]),
    cropToImage(letterbox, INPUT, d.box[2], d.box[1]),
    cropToImage(letterbox, INPUT, d.box[0], d.box[3]),
    cropToImage(letterbox, INPUT, d.box[2], d.box[3]),
  ];
  const x0 = Math.min(...corners.map((c) => c[0]));
  const x1 = Math.max(...corners.map((c) => c[0]));
  const y0 = Math.min(...corners.map((c) => c[1]));
  const y1 = Math.max(...corners.map((c) => c[1]));
  const keypoints: number[] = [];
  for (let k = 0; k < KEYPOINTS; k++) {
    keypoints.push(...cropToImage(letterbox, INPUT, d.keypoints[2 * k]!, d.keypoints[2 * k + 1]!));
  }
  return { box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, score: d.score, keypoints };
}
