import { sampleGrey, type GreyImage } from './grey-image';

/**
 * Per-vertex weights 0..1 of a layer's mask: the atlas sampled (bilinearly) at each vertex's atlas
 * position (u, v pairs, as atlasUvsOfPhotoPoints gives them). A vertex off the atlas (NaN, or
 * outside [0, 1]) gets 1: the mask only limits a layer where it was painted. The generator
 * multiplies the layer's alpha by these.
 */
export function layerVertexWeights(maskAtlas: GreyImage, vertexUvs: ArrayLike<number>): Float32Array {
  const count = Math.floor(vertexUvs.length / 2);
  const weights = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const u = vertexUvs[i * 2]!;
    const v = vertexUvs[i * 2 + 1]!;
    weights[i] =
      Number.isNaN(u) || Number.isNaN(v) || u < 0 || u > 1 || v < 0 || v > 1
        ? 1
        : sampleGrey(maskAtlas, u * maskAtlas.width, v * maskAtlas.height) / 255;
  }
  return weights;
}

/**
 * The mask shown on a photo raster: each raster pixel's atlas value (0 off the atlas), for the
 * painting overlay. `rasterUvs` comes from photoRasterAtlasUvs.
 */
export function maskOnPhoto(maskAtlas: GreyImage, rasterUvs: Float32Array, out?: Uint8Array): Uint8Array {
  const count = rasterUvs.length / 2;
  const values = out ?? new Uint8Array(count);
  const { width, height, data } = maskAtlas;
  for (let i = 0; i < count; i++) {
    const u = rasterUvs[i * 2]!;
    // Nearest atlas pixel: the overlay is a guide, and this runs for every pixel after each stroke.
    values[i] = Number.isNaN(u)
      ? 0
      : data[
          Math.min(height - 1, Math.floor(rasterUvs[i * 2 + 1]! * height)) * width +
            Math.min(width - 1, Math.floor(u * width))
        ]!;
  }
  return values;
}
