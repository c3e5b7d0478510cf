import { insidePolygon, luma, type Rgb } from './colour-math';
import { irisExtent } from './iris-extent';
import type { RgbaFrame } from '../generator';
import { EYES, MOUTH_INNER_LOOP } from './warp-topology';

export { insidePolygon, luma, type Rgb } from './colour-math';

/**
 * Colours the painted parts take from the photo itself, measured once per source: lips and skin
 * (the mouth cavity is a darkened lip tone, so it matches the photo's light), the person's teeth
 * when the photo shows them, and each eye's sclera and iris.
 */
export interface PhotoColours {
  lip: Rgb;
  skin: Rgb;
  teeth: Rgb;
  /** True when `teeth` was measured on the photo's own visible teeth. */
  teethFromPhoto: boolean;
  sclera: { right: Rgb; left: Rgb };
  /** Each iris's reach as a multiple of the landmark model's iris radius (iris-extent.ts). */
  irisExtent: { right: number; left: number };
  iris: { right: Rgb; left: Rgb };
}

const LIP_SAMPLES: ReadonlyArray<readonly [number, number]> = [
  [0, 13],
  [37, 82],
  [267, 312],
  [17, 14],
  [84, 87],
  [314, 317],
];
const SKIN_SAMPLES = [205, 425, 151, 50, 280] as const;
/** A teeth pixel is at least this much brighter than the lips' mean... */
const TEETH_OVER_LIP = 1.2;
/** ...and at most this saturated ((max - min) / max): enamel is near-white in the photo's light. */
const TEETH_MAX_SATURATION = 0.3;

export function measurePhotoColours(image: RgbaFrame, landmarks: Float32Array, faceWidth: number): PhotoColours {
  const radius = Math.max(1, faceWidth * 0.012);
  const lip = meanOf(
    LIP_SAMPLES.map(([outer, inner]) =>
      discMean(image, mid(landmarks, outer, inner, 0), mid(landmarks, outer, inner, 1), radius),
    ),
  );
  const skin = meanOf(SKIN_SAMPLES.map((i) => discMean(image, landmarks[i * 3]!, landmarks[i * 3 + 1]!, radius * 2)));
  const skinLuma = luma(skin);
  // The photo's teeth: pixels inside the inner lip contour that are brighter than the lips and
  // nearly colourless. A closed mouth's contour holds only lip: its highlights pass a test against
  // the skin alone (a pink [158, 110, 108] is as bright as the skin's shadowed side and only 32%
  // saturated), and then no teeth would be painted into the opened mouth (a dark hole in a grin).
  const teethFloor = Math.max(0.75 * skinLuma, TEETH_OVER_LIP * luma(lip));
  const mouth = polygonOf(landmarks, MOUTH_INNER_LOOP);
  const teethPixels = pixelsIn(
    image,
    mouth,
    (r, g, b) => {
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      return luma([r, g, b]) > teethFloor && max - min < TEETH_MAX_SATURATION * max;
    },
    () => true,
    0.5,
  );
  const teethFromPhoto = teethPixels.count >= Math.max(6, faceWidth * 0.15);
  // Without visible teeth: an off-white in the photo's light: the skin's brightness sets the
  // exposure, a share of its hue the light's colour (warm teeth in a warm painting, grey in a
  // black-and-white photo).
  const exposure = Math.min(1.15, Math.max(0.45, skinLuma / 175));
  const tint = (c: number) => 0.65 + 0.35 * Math.min(1.4, c / Math.max(1, skinLuma));
  const teeth: Rgb = teethFromPhoto
    ? teethPixels.mean
    : [
        Math.min(255, 232 * exposure * tint(skin[0])),
        Math.min(255, 222 * exposure * tint(skin[1])),
        Math.min(255, 204 * exposure * tint(skin[2])),
      ];
  const eye = (side: 'right' | 'left'): { sclera: Rgb; iris: Rgb; extent: number } => {
    const spec = EYES[side];
    const opening = polygonOf(landmarks, [...spec.upper, ...[...spec.lower].reverse()]);
    const cx = landmarks[spec.irisCentre * 3]!;
    const cy = landmarks[spec.irisCentre * 3 + 1]!;
    const r = irisRadius(landmarks, spec.irisCentre, spec.irisContour);
    const outside = pixelsIn(
      image,
      opening,
      () => true,
      (x, y) => Math.hypot(x - cx, y - cy) > r * 1.2,
      0.4,
    );
    const inside = discMean(image, cx, cy, Math.max(1, r * 0.6));
    const fallback: Rgb = [skin[0] * 1.1, skin[1] * 1.05, skin[2]];
    const sclera = outside.count > 0 ? outside.mean : fallback;
    return { sclera, iris: inside, extent: irisExtent(image, opening, [cx, cy], r, inside, sclera) };
  };
  const right = eye('right');
  const left = eye('left');
  return {
    lip,
    skin,
    teeth,
    teethFromPhoto,
    sclera: { right: right.sclera, left: left.sclera },
    iris: { right: right.iris, left: left.iris },
    irisExtent: { right: right.extent, left: left.extent },
  };
}

export function irisRadius(points: ArrayLike<number>, centre: number, contour: readonly number[]): number {
  let sum = 0;
  for (const c of contour) {
    sum += Math.hypot(points[c * 3]! - points[centre * 3]!, points[c * 3 + 1]! - points[centre * 3 + 1]!);
  }
  return sum / contour.length;
}

const mid = (p: Float32Array, a: number, b: number, axis: number): number => (p[a * 3 + axis]! + p[b * 3 + axis]!) / 2;

function meanOf(colours: Rgb[]): Rgb {
  const sum: Rgb = [0, 0, 0];
  for (const c of colours) {
    sum[0] += c[0];
    sum[1] += c[1];
    sum[2] += c[2];
  }
  return [sum[0] / colours.length, sum[1] / colours.length, sum[2] / colours.length];
}

function discMean(image: RgbaFrame, cx: number, cy: number, radius: number): Rgb {
  const sum: Rgb = [0, 0, 0];
  let count = 0;
  const r = Math.ceil(radius);
  for (let y = Math.round(cy) - r; y <= Math.round(cy) + r; y++) {
    for (let x = Math.round(cx) - r; x <= Math.round(cx) + r; x++) {
      if (x < 0 || y < 0 || x >= image.width || y >= image.height) continue;
      if ((x - cx) ** 2 + (y - cy) ** 2 > radius * radius + 0.5) continue;
      const o = (y * image.width + x) * 4;
      sum[0] += image.data[o]!;
      sum[1] += image.data[o + 1]!;
      sum[2] += image.data[o + 2]!;
      count++;
    }
  }
  return count === 0 ? [128, 128, 128] : [sum[0] / count, sum[1] / count, sum[2] / count];
}

function polygonOf(landmarks: Float32Array, loop: readonly number[]): Float64Array {
  const out = new Float64Array(loop.length * 2);
  loop.forEach((v, i) => {
    out[i * 2] = landmarks[v * 3]!;
    out[i * 2 + 1] = landmarks[v * 3 + 1]!;
  });
  return out;
}

/**
 * Mean colour of the pixels inside `polygon` that pass `accept`; with `brightestShare`, of only
 * that share of them, brightest first (sclera: the lids' shadow darkens its edges).
 */
function pixelsIn(
  image: RgbaFrame,
  polygon: Float64Array,
  accept: (r: number, g: number, b: number) => boolean,
  where: (x: number, y: number) => boolean = () => true,
  brightestShare = 1,
): { mean: Rgb; count: number } {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < polygon.length; i += 2) {
    x0 = Math.min(x0, polygon[i]!);
    x1 = Math.max(x1, polygon[i]!);
    y0 = Math.min(y0, polygon[i + 1]!);
    y1 = Math.max(y1, polygon[i + 1]!);
  }
  const found: Rgb[] = [];
  for (let y = Math.max(0, Math.floor(y0)); y <= Math.min(image.height - 1, Math.ceil(y1)); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x <= Math.min(image.width - 1, Math.ceil(x1)); x++) {
      if (!insidePolygon(polygon, x + 0.5, y + 0.5) || !where(x + 0.5, y + 0.5)) continue;
      const o = (y * image.width + x) * 4;
      const r = image.data[o]!;
      const g = image.data[o + 1]!;
      const b = image.data[o + 2]!;
      if (accept(r, g, b)) found.push([r, g, b]);
    }
  }
  if (found.length === 0) return { mean: [0, 0, 0], count: 0 };
  found.sort((a, b) => luma(b) - luma(a));
  const kept = found.slice(0, Math.max(1, Math.round(found.length * brightestShare)));
  return { mean: meanOf(kept), count: found.length };
}
