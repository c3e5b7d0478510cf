import type { FaceModelRole, Normalisation } from './manifest';

/** Where a converted model comes from and how its input must be prepared. One entry per shipped model. */
export interface CatalogEntry {
  id: string;
  role: FaceModelRole;
  /** model.json inside @vladmandic/human/models (weights shard next to it). */
  sourceFile: string;
  normalisation: Normalisation;
  upstream: string;
  licence: string;
  licenceNote: string;
  /** What the outputs mean, for the face pipeline. */
  notes: string;
}

export const SOURCE_PACKAGE = '@vladmandic/human';

const MEDIAPIPE_LICENCE =
  'Model by Google MediaPipe, Apache-2.0; TF.js conversion redistributed by @vladmandic/human (package licence MIT).';

/**
 * The five face models. Normalisations are read from @vladmandic/human 3.3.6 src: blazeface.ts divides by
 * 127.5 and subtracts 1; facemeshutil.cutAndResize divides by 255 for the mesh (and the iris crops are cut
 * from that tensor); gear/emotion.ts turns the [0,1] crop to grey with rgb2gray weights then (g - 0.5) * 2;
 * faceres.ts multiplies the [0,1] crop by 255.
 */
export const FACE_MODEL_CATALOG: readonly CatalogEntry[] = [
  {
    id: 'blazeface',
    role: 'face-detector',
    sourceFile: 'blazeface.json',
    normalisation: { channels: 'rgb', scale: 2, offset: -1, range: [-1, 1], formula: 'rgb / 127.5 - 1' },
    upstream: 'https://github.com/google/mediapipe (BlazeFace back-camera model, 256x256)',
    licence: 'Apache-2.0',
    licenceNote: MEDIAPIPE_LICENCE,
    notes:
      'Identity (512x1) and Identity_1 (384x1): score logits for the 16x16x2 and 8x8x6 anchors; Identity_2 (512x16) and Identity_3 (384x16): box (cx, cy, w, h) and 6 keypoints as offsets in input pixels from each anchor. Human concatenates [512 | 384] anchors in that order.',
  },
  {
    id: 'facemesh',
    role: 'face-mesh',
    sourceFile: 'facemesh.json',
    normalisation: { channels: 'rgb', scale: 1, offset: 0, range: [0, 1], formula: 'rgb / 255' },
    upstream: 'https://github.com/google/mediapipe (FaceMesh 468 landmarks, 192x192)',
    licence: 'Apache-2.0',
    licenceNote: MEDIAPIPE_LICENCE,
    notes:
      'output_mesh: 468 x (x, y, z) in crop pixels (0..192); output_faceflag: face presence logit passed through a sigmoid already; output_contours: 133 x (x, y) refined contour points.',
  },
  {
    id: 'iris',
    role: 'iris',
    sourceFile: 'iris.json',
    normalisation: { channels: 'rgb', scale: 1, offset: 0, range: [0, 1], formula: 'rgb / 255' },
    upstream: 'https://github.com/google/mediapipe (Iris landmark model, 64x64)',
    licence: 'Apache-2.0',
    licenceNote: MEDIAPIPE_LICENCE,
    notes:
      'Identity (1x1x228): 71 eye-contour points then 5 iris points, each (x, y, z) in crop pixels (0..64). Human feeds the left eye crop flipped horizontally.',
  },
  {
    id: 'emotion',
    role: 'emotion',
    sourceFile: 'emotion.json',
    normalisation: {
      channels: 'grey',
      greyWeights: [0.2989, 0.587, 0.114],
      scale: 2,
      offset: -1,
      range: [-1, 1],
      formula: '(0.2989 r + 0.587 g + 0.114 b) / 255 * 2 - 1',
    },
    upstream: 'https://github.com/oarriaga/face_classification (mini-Xception, FER2013)',
    licence: 'MIT',
    licenceNote:
      'Model by Octavio Arriaga (face_classification, MIT); TF.js conversion redistributed by @vladmandic/human (MIT). The npm package carries no separate licence file for the model.',
    notes: 'Identity: probabilities (softmax) of angry, disgust, fear, happy, sad, surprise, neutral.',
  },
  {
    id: 'faceres',
    role: 'face-descriptor',
    sourceFile: 'faceres.json',
    normalisation: { channels: 'rgb', scale: 255, offset: 0, range: [0, 255], formula: 'rgb (0..255, no scaling)' },
    upstream: 'https://github.com/HSE-asavchenko/HSE_FaceRec_tf (MobileNet age/gender/identity)',
    licence: 'unverified',
    licenceNote:
      'Model by A. Savchenko (HSE_FaceRec_tf); the npm package states no licence for it beyond the package MIT licence, and the upstream licence could not be checked offline: verify before redistributing.',
    notes:
      'global_pooling/Mean: 1024-value identity descriptor (compare with cosine or Euclidean distance); gender_pred/Sigmoid: P(male); age_pred/Softmax: 100 age bins (Human interpolates the argmax).',
  },
];
