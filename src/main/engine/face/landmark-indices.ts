/**
 * Mesh indices the pipeline needs (MediaPipe's canonical 468-point topology). "Right"/"left" are
 * the subject's: the subject's right eye is on the image's left in a frontal photo.
 */
import { FACE_MESH_REGIONS } from '../../../shared/rig/topology/facemesh-topology';

/** Outer and inner corners of each eye, used for the roll angle and the iris crops. */
export const RIGHT_EYE_OUTER = 33;
export const RIGHT_EYE_INNER = 133;
export const LEFT_EYE_OUTER = 263;
export const LEFT_EYE_INNER = 362;

/** Points at the widest part of the face (right cheek edge, left cheek edge), for yaw. */
export const RIGHT_FACE_EDGE = 234;
export const LEFT_FACE_EDGE = 454;
export const FOREHEAD_TOP = 10;
export const CHIN_BOTTOM = 152;
export const NOSE_TIP = 1;

/**
 * Mesh contours per eye, from the one copy of MediaPipe's region lists (src/shared/rig), keyed by
 * the contour names the iris model's 71 contour outputs follow.
 */
const eyeContours = (side: 'right' | 'left'): Record<string, readonly number[]> => ({
  Upper0: FACE_MESH_REGIONS[`${side}EyeUpper0`],
  Lower0: FACE_MESH_REGIONS[`${side}EyeLower0`],
  Upper1: FACE_MESH_REGIONS[`${side}EyeUpper1`],
  Lower1: FACE_MESH_REGIONS[`${side}EyeLower1`],
  Upper2: FACE_MESH_REGIONS[`${side}EyeUpper2`],
  Lower2: FACE_MESH_REGIONS[`${side}EyeLower2`],
  Lower3: FACE_MESH_REGIONS[`${side}EyeLower3`],
  BrowUpper: FACE_MESH_REGIONS[`${side}EyebrowUpper`],
  BrowLower: FACE_MESH_REGIONS[`${side}EyebrowLower`],
});
const RIGHT_EYE_CONTOURS = eyeContours('right');
const LEFT_EYE_CONTOURS = eyeContours('left');
/** Which of the iris model's 71 contour outputs correspond to each contour (from MediaPipe iris). */
const IRIS_MODEL_CONTOURS: Record<string, number[]> = {
  Upper0: [9, 10, 11, 12, 13, 14, 15],
  Upper1: [25, 26, 27, 28, 29, 30, 31],
  Upper2: [41, 42, 43, 44, 45, 46, 47],
  Lower0: [0, 1, 2, 3, 4, 5, 6, 7, 8],
  Lower1: [16, 17, 18, 19, 20, 21, 22, 23, 24],
  Lower2: [32, 33, 34, 35, 36, 37, 38, 39, 40],
  Lower3: [54, 55, 56, 57, 58, 59, 60, 61, 62],
  BrowUpper: [63, 64, 65, 66, 67, 68, 69, 70],
  BrowLower: [48, 49, 50, 51, 52, 53],
};
/** Index of the first of the 5 iris points among the iris model's 76 outputs. */
export const IRIS_MODEL_IRIS_START = 71;

export interface EyeMapping {
  /** [mesh index, iris-model index] pairs for every contour. */
  all: Array<[number, number]>;
  /** Only the eyelid contours (Upper0, Lower0), used when the head is turned. */
  lids: Array<[number, number]>;
  /** Mesh indices of the eyelid centres whose depth the iris points take (upper, lower). */
  upperLidCentre: number;
  lowerLidCentre: number;
  /** First of the 5 output slots (468 or 473). */
  irisSlot: number;
}

function mapping(contours: Record<string, readonly number[]>, irisSlot: number): EyeMapping {
  const all: Array<[number, number]> = [];
  const lids: Array<[number, number]> = [];
  for (const [key, meshIndices] of Object.entries(contours)) {
    const modelIndices = IRIS_MODEL_CONTOURS[key]!;
    meshIndices.forEach((meshIndex, j) => {
      const pair: [number, number] = [meshIndex, modelIndices[j]!];
      all.push(pair);
      if (key === 'Upper0' || key === 'Lower0') lids.push(pair);
    });
  }
  return {
    all,
    lids,
    upperLidCentre: contours.Upper0![3]!,
    lowerLidCentre: contours.Lower0![4]!,
    irisSlot,
  };
}

export const RIGHT_EYE = mapping(RIGHT_EYE_CONTOURS, 468);
export const LEFT_EYE = mapping(LEFT_EYE_CONTOURS, 473);
