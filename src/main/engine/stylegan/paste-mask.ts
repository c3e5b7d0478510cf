import type { GeneratorInfo, LayerMix } from '../../../shared/generate';
import {
  mapFaceAtlas,
  maskOnPhoto,
  photoRasterAtlasUvs,
  photoRasterOf,
  type GreyImage,
  type PhotoRaster,
} from '../../../shared/masks';

/**
 * The style backend's painted masks (issue 12): a style layer's mask says where its mix may show.
 * A style input acts on the whole synthesised square, so the masks cannot shape the mix itself;
 * they shape the paste-back instead: the result is pasted where any mixed layer (alpha > 0) applies,
 * the maximum of their masks, a layer without a mask applying everywhere (then nothing is limited).
 */
export interface PasteMask {
  /** The photo area the values cover, in original photo pixels (see photoRasterOf). */
  raster: PhotoRaster;
  /** 0..255 per raster pixel; 0 off the face atlas. */
  values: Uint8Array;
}

/** Longest side of the mask raster: masks are soft guides, finer than this adds nothing. */
const MASK_RASTER_SIDE = 512;

/** The masks that limit the paste-back, or null when some mixed layer has none (it applies everywhere). */
export function pasteMaskAtlases(
  info: Pick<GeneratorInfo, 'layers'>,
  mix: LayerMix,
  masks: Readonly<Record<string, GreyImage>>,
): GreyImage[] | null {
  const mixed = info.layers.filter((layer) => (mix[layer.id] ?? layer.defaultAlpha) > 0);
  if (mixed.length === 0 || mixed.some((layer) => !masks[layer.id])) return null;
  return mixed.map((layer) => masks[layer.id]!);
}

/** Per-pixel maximum of same-size masks. */
export function maxOfMasks(masks: readonly GreyImage[]): GreyImage {
  const first = masks[0]!;
  const data = first.data.slice();
  for (const mask of masks.slice(1)) {
    for (let i = 0; i < data.length; i++) data[i] = Math.max(data[i]!, mask.data[i]!);
  }
  return { ...first, data };
}

/** The atlas mask laid on the photo around its face (landmarks x, y, z in original photo pixels). */
export function pasteMaskOnPhoto(
  mask: GreyImage,
  landmarks: ArrayLike<number>,
  imageWidth: number,
  imageHeight: number,
): PasteMask {
  const mapping = mapFaceAtlas(landmarks);
  const raster = photoRasterOf(mapping, imageWidth, imageHeight, MASK_RASTER_SIDE);
  return { raster, values: maskOnPhoto(mask, photoRasterAtlasUvs(mapping, raster)) };
}

/** The alpha (0..1) of photo pixel (x, y) of a photo drawn at `scale` times its original size. */
export function pasteMaskAlpha(mask: PasteMask, scale: number): (x: number, y: number) => number {
  const { raster, values } = mask;
  return (x, y) => {
    const i = Math.floor(((x + 0.5) / scale - raster.x) * raster.scale);
    const j = Math.floor(((y + 0.5) / scale - raster.y) * raster.scale);
    if (i < 0 || j < 0 || i >= raster.width || j >= raster.height) return 0;
    return values[j * raster.width + i]! / 255;
  };
}
