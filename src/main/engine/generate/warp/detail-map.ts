import sharp from 'sharp';
import type { RgbaFrame } from '../generator';

/**
 * A photo's fine detail as a ratio image (Liu, Shan & Zhang 2001, "Expressive expression mapping
 * with ratio images"): luminance lightly smoothed over luminance heavily smoothed, so 1 is flat skin,
 * below 1 a crease darker than its surroundings and above 1 a ridge or a glint. The band keeps lines
 * (a crease is 0.5-1% of the face's width) and drops pores and noise (the fine blur) as well as the
 * face's shading (the coarse blur). Scales are in face widths, so a crease is the same band on a
 * small and a large photo. Without a neutral photo of the same person this is the single-image
 * form of the ratio: it cannot tell an expression's crease from a permanent line or a mole.
 *
 * Hair is the band's strongest texture and often lies inside the face's regions (a fringe on the
 * forehead, strands by the temples), so each map pixel also says how much it looks like skin
 * (`skin`, see skinLikeness).
 */
export interface DetailMap {
  /** Ratio per map pixel, row-major. */
  data: Float32Array;
  /** 0..1 per map pixel: 1 on skin, 0 on and near hair (see skinLikeness). */
  skin: Float32Array;
  width: number;
  height: number;
  /** Original pixel (x, y) lies at map pixel ((x - x0) * scale, (y - y0) * scale). */
  x0: number;
  y0: number;
  scale: number;
}

/** Gaussian sigmas of the band, in face widths. */
export const DETAIL_FINE_SIGMA = 0.0015;
export const DETAIL_COARSE_SIGMA = 0.02;
/** The fine blur never goes under half a map pixel: a small photo's pores and JPEG noise are single pixels. */
const MIN_FINE_SIGMA_PIXELS = 0.5;
/** |ratio - 1| below which the band is mottle and noise (a crease darkens its skin by 5% or more). */
export const DETAIL_CORING = 0.025;
/** The map's resolution: at most this many pixels across the face (a preview needs far fewer; full renders upsample a little). */
const MAX_FACE_PIXELS = 900;
/** Luminance is scaled to 16-bit steps so the ratio of two blurs is not quantised to 8-bit levels. */
const LUMA_SCALE = 256;
/** Added to both blurs (two 8-bit levels): a dark shadow's noise is not a crease. */
const DARK_FLOOR = 2 * LUMA_SCALE;

/** The band's mean |ratio - 1| around a pixel where skin likeness falls from 1 to 0 (hair). */
const TEXTURE_ENERGY = [0.04, 0.08] as const;
/** The neighbourhood of that mean, in face widths (a blur's sigma): narrower than a fringe, wide enough to span strands. */
const TEXTURE_SIGMA = 0.015;
/** How far (face widths, a blur's sigma) skin likeness keeps away from hair. */
const SKIN_MARGIN = 0.012;
/** Values in 0..1 are blurred as 16-bit steps (sharp's grey16 keeps 16 bits). */
const STEPS = 60000;

const smoothstep = (edge0: number, edge1: number, value: number): number => {
  const t = Math.min(1, Math.max(0, (value - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
};

/** The face's box (the 468 mesh points) with a margin of 6% of its size each way, clipped to the image. */
function faceBox(landmarks: Float32Array, width: number, height: number) {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < 468; i++) {
    x0 = Math.min(x0, landmarks[i * 3]!);
    x1 = Math.max(x1, landmarks[i * 3]!);
    y0 = Math.min(y0, landmarks[i * 3 + 1]!);
    y1 = Math.max(y1, landmarks[i * 3 + 1]!);
  }
  const mx = 0.06 * (x1 - x0);
  const my = 0.06 * (y1 - y0);
  const left = Math.max(0, Math.floor(x0 - mx));
  const top = Math.max(0, Math.floor(y0 - my));
  const right = Math.min(width, Math.ceil(x1 + mx));
  const bottom = Math.min(height, Math.ceil(y1 + my));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** Gaussian blur of a one-channel float image through sharp (libvips), 16-bit precision kept. */
async function blurred(luma: Float32Array, width: number, height: number, sigma: number): Promise<Float32Array> {
  // sharp refuses sigmas under 0.3: that little blur changes nothing worth a pass.
  if (sigma < 0.3) return luma;
  const data = await sharp(luma, { raw: { width, height, channels: 1 } })
    .toColourspace('grey16')
    .blur(sigma)
    .raw({ depth: 'float' })
    .toBuffer();
  return new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
}

/**
 * Skin likeness per map pixel from the band (ratios): 1 where its mean deviation around the pixel
 * is low, 0 where it is high (hair: dense strands everywhere; skin, creases included, is mostly
 * flat), then shrunk away from what is not skin (a blur, then only what stays near 1): the edge of
 * a fringe, bright skin under dark strands, is the band's strongest line and must not travel.
 * Colour was tried and dropped: painted and rendered faces (blushed cheeks, a yellow forehead) vary
 * more in hue than blond hair differs from skin.
 */
async function skinLikeness(ratios: Float32Array, width: number, height: number, face: number): Promise<Float32Array> {
  const deviation = new Float32Array(ratios.length);
  for (let i = 0; i < deviation.length; i++) deviation[i] = Math.min(1, Math.abs(ratios[i]! - 1)) * STEPS;
  const energy = await blurred(deviation, width, height, TEXTURE_SIGMA * face);
  const flat = new Float32Array(ratios.length);
  for (let i = 0; i < flat.length; i++) {
    flat[i] = (1 - smoothstep(TEXTURE_ENERGY[0], TEXTURE_ENERGY[1], energy[i]! / STEPS)) * STEPS;
  }
  const spread = await blurred(flat, width, height, SKIN_MARGIN * face);
  const skin = new Float32Array(ratios.length);
  for (let i = 0; i < skin.length; i++) skin[i] = smoothstep(0.65, 0.95, spread[i]! / STEPS);
  return skin;
}

/** The detail ratio of an image's face (landmarks in the image's pixels; faceWidth in pixels). */
export async function computeDetailMap(
  image: RgbaFrame,
  landmarks: Float32Array,
  faceWidth: number,
): Promise<DetailMap> {
  const box = faceBox(landmarks, image.width, image.height);
  const scale = Math.min(1, MAX_FACE_PIXELS / Math.max(1, faceWidth));
  const width = Math.max(1, Math.round(box.width * scale));
  const height = Math.max(1, Math.round(box.height * scale));
  const rgb = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .extract(box)
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .removeAlpha()
    .raw()
    .toBuffer();
  // Luminance in float by hand: sharp's greyscale output is 8-bit, too coarse for the ratio of blurs.
  const luma = new Float32Array(width * height);
  for (let i = 0, o = 0; i < luma.length; i++, o += 3) {
    luma[i] = (0.2126 * rgb[o]! + 0.7152 * rgb[o + 1]! + 0.0722 * rgb[o + 2]!) * LUMA_SCALE;
  }
  const face = faceWidth * scale;
  const [fine, coarse] = await Promise.all([
    // At least half a pixel: a small face's pores are single pixels, and so is its JPEG noise.
    blurred(luma, width, height, Math.max(MIN_FINE_SIGMA_PIXELS, DETAIL_FINE_SIGMA * face)),
    blurred(luma, width, height, DETAIL_COARSE_SIGMA * face),
  ]);
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = (fine[i]! + DARK_FLOOR) / (coarse[i]! + DARK_FLOOR);
  const skin = await skinLikeness(data, width, height, face);
  // Coring: deviations under DETAIL_CORING are skin's mottle and the photo's noise, not creases; the
  // rest keeps its size less the threshold, so a crease's profile stays continuous.
  for (let i = 0; i < data.length; i++) {
    const deviation = data[i]! - 1;
    data[i] = 1 + Math.sign(deviation) * Math.max(0, Math.abs(deviation) - DETAIL_CORING);
  }
  const mapScale = width / box.width;
  return { data, skin, width, height, x0: box.left, y0: box.top, scale: mapScale };
}

/** Bilinear sample of the map's ratio at original pixel (x, y) (pixel centres at +0.5); 1 (no detail) outside it. */
export function sampleDetail(map: DetailMap, x: number, y: number): number {
  return sampleMap(map, map.data, x, y, 1);
}

/** Bilinear sample of the map's skin likeness at original pixel (x, y); 0 outside the map. */
export function sampleSkin(map: DetailMap, x: number, y: number): number {
  return sampleMap(map, map.skin, x, y, 0);
}

function sampleMap(map: DetailMap, d: Float32Array, x: number, y: number, outside: number): number {
  const fx = (x - map.x0) * map.scale - 0.5;
  const fy = (y - map.y0) * map.scale - 0.5;
  if (!(fx >= 0 && fy >= 0 && fx <= map.width - 1 && fy <= map.height - 1)) return outside;
  const ix = Math.min(map.width - 2, fx | 0);
  const iy = Math.min(map.height - 2, fy | 0);
  if (ix < 0 || iy < 0) return d[Math.round(fy) * map.width + Math.round(fx)]!;
  const tx = fx - ix;
  const ty = fy - iy;
  const i = iy * map.width + ix;
  return (
    (d[i]! * (1 - tx) + d[i + 1]! * tx) * (1 - ty) + (d[i + map.width]! * (1 - tx) + d[i + map.width + 1]! * tx) * ty
  );
}
