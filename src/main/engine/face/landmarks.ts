import { IRIS_MODEL_POINTS, MESH_POINTS, MODEL_INPUT_SIZE, type FaceModels } from './face-models';
import {
  IRIS_MODEL_IRIS_START,
  LEFT_EYE,
  LEFT_EYE_INNER,
  LEFT_EYE_OUTER,
  RIGHT_EYE,
  RIGHT_EYE_INNER,
  RIGHT_EYE_OUTER,
  type EyeMapping,
} from './landmark-indices';
import type { ImagePyramid } from './pyramid';
import { LANDMARK_COUNT, type RotatedSquare } from './types';
import { cropToImage, writeCrop } from './warp';

const MESH_SIZE = MODEL_INPUT_SIZE.mesh;
const IRIS_SIZE = MODEL_INPUT_SIZE.iris;
/** Eye crop side relative to the corner-to-corner distance (MediaPipe iris: 2.3). */
const EYE_REGION_SCALE = 2.3;
/**
 * When the eyes' depths differ by more than this (in 192 px mesh-crop units, MediaPipe's value)
 * the head is turned and the far eye's iris contours diverge from the mesh, so only the near
 * eye's lids are refined.
 */
const TURNED_HEAD_DEPTH_DIFFERENCE = 30;

export interface LandmarkFit {
  /** 478 x (x, y, z) in image pixels. */
  landmarks: Float32Array;
  presence: number;
}

/** Runs mesh and iris in `region` and returns the 478 refined landmarks in image coordinates. */
export async function fitLandmarks(
  models: FaceModels,
  pyramid: ImagePyramid,
  region: RotatedSquare,
): Promise<LandmarkFit> {
  const meshInput = new Float32Array(MESH_SIZE * MESH_SIZE * 3);
  writeCrop(
    pyramid,
    {
      region,
      outSize: MESH_SIZE,
      scale: 1 / 255,
      offset: 0,
      channels: 'rgb',
      layout: models.layouts.mesh,
      border: 'replicate',
    },
    meshInput,
  );
  const { points, presence } = await models.mesh(meshInput, 1);
  const unit = region.size / MESH_SIZE;
  const landmarks = new Float32Array(LANDMARK_COUNT * 3);
  for (let i = 0; i < MESH_POINTS; i++) {
    const [x, y] = cropToImage(region, MESH_SIZE, points[3 * i]!, points[3 * i + 1]!);
    landmarks[3 * i] = x;
    landmarks[3 * i + 1] = y;
    landmarks[3 * i + 2] = points[3 * i + 2]! * unit;
  }
  await refineEyes(models, pyramid, region, landmarks);
  return { landmarks, presence: presence[0]! };
}

interface EyeCrop {
  region: RotatedSquare;
  flipX: boolean;
  mapping: EyeMapping;
}

function eyeCrop(
  landmarks: Float32Array,
  face: RotatedSquare,
  outer: number,
  inner: number,
  mapping: EyeMapping,
  flipX: boolean,
): EyeCrop {
  const ox = landmarks[3 * outer]!;
  const oy = landmarks[3 * outer + 1]!;
  const ix = landmarks[3 * inner]!;
  const iy = landmarks[3 * inner + 1]!;
  const cos = Math.cos(face.angle);
  const sin = Math.sin(face.angle);
  // Corner spread measured along the face's own axes, as the crop is taken in the rolled frame.
  const du = Math.abs(cos * (ix - ox) + sin * (iy - oy));
  const dv = Math.abs(-sin * (ix - ox) + cos * (iy - oy));
  return {
    region: { cx: (ox + ix) / 2, cy: (oy + iy) / 2, size: EYE_REGION_SCALE * Math.max(du, dv), angle: face.angle },
    flipX,
    mapping,
  };
}

/**
 * Runs the iris model on both eyes (the subject's left eye mirrored: the model was trained on one
 * eye side) and merges its eye contours into the mesh and its 5 iris points into slots 468..477.
 */
async function refineEyes(
  models: FaceModels,
  pyramid: ImagePyramid,
  face: RotatedSquare,
  landmarks: Float32Array,
): Promise<void> {
  const eyes = [
    eyeCrop(landmarks, face, RIGHT_EYE_OUTER, RIGHT_EYE_INNER, RIGHT_EYE, false),
    eyeCrop(landmarks, face, LEFT_EYE_OUTER, LEFT_EYE_INNER, LEFT_EYE, true),
  ];
  const plane = IRIS_SIZE * IRIS_SIZE * 3;
  const input = new Float32Array(plane * eyes.length);
  eyes.forEach((eye, b) =>
    writeCrop(
      pyramid,
      {
        region: eye.region,
        outSize: IRIS_SIZE,
        flipX: eye.flipX,
        scale: 1 / 255,
        offset: 0,
        channels: 'rgb',
        layout: models.layouts.iris,
        border: 'replicate',
      },
      input,
      b * plane,
    ),
  );
  const output = await models.iris(input, eyes.length);

  const meshUnit = face.size / MESH_SIZE;
  const depthDifference = (landmarks[3 * LEFT_EYE_OUTER + 2]! - landmarks[3 * RIGHT_EYE_OUTER + 2]!) / meshUnit;
  const headStraight = Math.abs(depthDifference) < TURNED_HEAD_DEPTH_DIFFERENCE;
  // With the head turned, only the nearer eye (smaller z) gets its lids refined.
  const nearer = depthDifference < 0 ? LEFT_EYE : RIGHT_EYE;

  eyes.forEach((eye, b) => {
    const base = b * IRIS_MODEL_POINTS * 3;
    const unit = eye.region.size / IRIS_SIZE;
    const point = (k: number): [number, number, number] => {
      const [x, y] = cropToImage(eye.region, IRIS_SIZE, output[base + 3 * k]!, output[base + 3 * k + 1]!, eye.flipX);
      return [x, y, output[base + 3 * k + 2]! * unit];
    };
    const pairs = headStraight ? eye.mapping.all : eye.mapping === nearer ? eye.mapping.lids : [];
    for (const [meshIndex, modelIndex] of pairs) {
      const [x, y, z] = point(modelIndex);
      landmarks[3 * meshIndex] = x;
      landmarks[3 * meshIndex + 1] = y;
      landmarks[3 * meshIndex + 2] = (z + landmarks[3 * meshIndex + 2]!) / 2;
    }
    // The iris model's depths are unreliable; iris points take the depth of the lids around them.
    const upperZ = landmarks[3 * eye.mapping.upperLidCentre + 2]!;
    const lowerZ = landmarks[3 * eye.mapping.lowerLidCentre + 2]!;
    for (let k = 0; k < 5; k++) {
      const [x, y] = point(IRIS_MODEL_IRIS_START + k);
      const slot = 3 * (eye.mapping.irisSlot + k);
      landmarks[slot] = x;
      landmarks[slot + 1] = y;
      landmarks[slot + 2] = k === 2 ? upperZ : k === 4 ? lowerZ : (upperZ + lowerZ) / 2;
    }
  });
}
