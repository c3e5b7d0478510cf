import sharp from 'sharp';
import {
  applySimilarity,
  invertSimilarity,
  sampleRgba,
  scaleSimilarity,
  type RgbaFrame,
  type Similarity,
} from '../generate/tasks';

/** The upright photo as RGBA (EXIF orientation applied), optionally resized to `width`. */
export async function decodePhoto(imagePath: string, width?: number): Promise<RgbaFrame> {
  let pipeline = sharp(imagePath, { limitInputPixels: false }).rotate();
  if (width !== undefined) pipeline = pipeline.resize({ width: Math.max(1, Math.round(width)) });
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

/** The photo's width once the alignment's scale is about half a photo pixel per aligned pixel (no aliasing). */
export function samplingWidth(photoWidth: number, photoToAligned: Similarity): number | undefined {
  const scale = Math.hypot(photoToAligned.a, photoToAligned.b);
  return scale < 0.5 ? photoWidth * scale * 2 : undefined;
}

/**
 * The aligned face as the generator sees it: [1, 3, R, R] RGB in [-1, 1], sampled from `photo`
 * (the original resized by `photoScale`) through photoToAligned (original pixels -> aligned).
 */
export function alignedTensor(
  photo: RgbaFrame,
  photoScale: number,
  photoToAligned: Similarity,
  resolution: number,
): Float32Array {
  const alignedToPhoto = scaleSimilarity(invertSimilarity(photoToAligned), photoScale);
  const plane = resolution * resolution;
  const tensor = new Float32Array(3 * plane);
  const texel = new Float32Array(4);
  for (let v = 0; v < resolution; v++) {
    for (let u = 0; u < resolution; u++) {
      const [x, y] = applySimilarity(alignedToPhoto, u + 0.5, v + 0.5);
      sampleRgba(photo, x, y, texel);
      for (let c = 0; c < 3; c++) tensor[c * plane + v * resolution + u] = texel[c]! / 127.5 - 1;
    }
  }
  return tensor;
}

/** [1, 3, H, W] in [-1, 1] -> RGBA bytes (values outside the range clamped). */
export function tensorToRgba(tensor: ArrayLike<number>, width: number, height: number): RgbaFrame {
  const plane = width * height;
  const data = new Uint8Array(plane * 4);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      data[i * 4 + c] = Math.round(Math.min(255, Math.max(0, (tensor[c * plane + i]! + 1) * 127.5)));
    }
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}

/** Two frames of equal height side by side (the inversion's target and its current reconstruction). */
export function sideBySide(left: RgbaFrame, right: RgbaFrame): RgbaFrame {
  const width = left.width + right.width;
  const height = Math.max(left.height, right.height);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    if (y < left.height) data.set(left.data.subarray(y * left.width * 4, (y + 1) * left.width * 4), y * width * 4);
    if (y < right.height) {
      data.set(right.data.subarray(y * right.width * 4, (y + 1) * right.width * 4), (y * width + left.width) * 4);
    }
  }
  return { data, width, height };
}
