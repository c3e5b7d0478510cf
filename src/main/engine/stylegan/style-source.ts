import sharp from 'sharp';
import type { AlignmentTemplate } from '../../../shared/api';
import type { RgbaFrame, Similarity } from '../generate/tasks';
import { alignmentTransform, faceOutline } from './alignment';
import { alignedTensor, decodePhoto, samplingWidth } from './style-images';

/** What a style task needs of a photo asset (read from the store on the engine thread). */
export interface StyleSourceSpec {
  /** Asset + photo + analysis identity: equal keys mean equal prepared data. */
  key: string;
  /** The original photo (EXIF orientation applied on decode). */
  imagePath: string;
  /** Facemesh landmarks (x, y, z) in pixels of the working image, `landmarksImageWidth` wide. */
  landmarks: Float32Array;
  landmarksImageWidth: number;
}

/** A decoded photo with its landmarks in its own pixels. */
export interface StylePhoto {
  key: string;
  image: RgbaFrame;
  landmarks: Float32Array;
}

const WARM_PHOTOS = 3;
const photos = new Map<string, Promise<StylePhoto>>();

/** The photo decoded once per worker (the last few kept), landmarks scaled to it. */
export function stylePhoto(spec: StyleSourceSpec): Promise<StylePhoto> {
  let photo = photos.get(spec.key);
  if (photo) {
    photos.delete(spec.key);
    photos.set(spec.key, photo);
    return photo;
  }
  photo = decodePhoto(spec.imagePath).then((image) => {
    const k = image.width / spec.landmarksImageWidth;
    return { key: spec.key, image, landmarks: spec.landmarks.map((v) => v * k) };
  });
  photo.catch(() => photos.delete(spec.key));
  photos.set(spec.key, photo);
  while (photos.size > WARM_PHOTOS) photos.delete(photos.keys().next().value!);
  return photo;
}

/** The photo resized to `width` (sharp's Lanczos: no aliasing when the face is much larger than the generator). */
export async function resizedPhoto(image: RgbaFrame, width: number): Promise<RgbaFrame> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .resize({ width: Math.max(1, Math.round(width)) })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

export interface AlignedFace {
  /** [1, 3, R, R] in [-1, 1]. */
  tensor: Float32Array;
  /** Photo pixel -> aligned pixel. */
  photoToAligned: Similarity;
  /** The face oval in photo pixels. */
  outline: Float32Array;
}

/** The face aligned to the model's template at its resolution. */
export async function alignFace(
  photo: StylePhoto,
  template: AlignmentTemplate,
  resolution: number,
): Promise<AlignedFace> {
  const photoToAligned = alignmentTransform(photo.landmarks, template, resolution);
  const width = samplingWidth(photo.image.width, photoToAligned);
  const sampled = width !== undefined ? await resizedPhoto(photo.image, width) : photo.image;
  const tensor = alignedTensor(sampled, sampled.width / photo.image.width, photoToAligned, resolution);
  return { tensor, photoToAligned, outline: faceOutline(photo.landmarks) };
}
