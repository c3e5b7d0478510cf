import type { RgbaFrame } from '../generator';
import { insidePolygon, luma, type Rgb } from './colour-math';

/**
 * How far the photo's iris really reaches, as a multiple of the landmark model's iris radius. The
 * model's iris contour sits inside the dark limbal ring on real eyes and well inside a cartoon's
 * large iris; an iris moved with the gaze from that radius leaves a ring or a crescent of the old
 * iris behind. Measured on rays to either side (where the sclera shows): where the brightness first
 * passes halfway from the iris to the sclera and 80% of the sclera's, the median of the rays that
 * find it.
 */
const DEFAULT_EXTENT = 1.12;
const RAY_ANGLES = [0, 15, -15, 30, -30].flatMap((deg) => [(deg * Math.PI) / 180, Math.PI + (deg * Math.PI) / 180]);

export function irisExtent(
  image: RgbaFrame,
  opening: ArrayLike<number>,
  centre: [number, number],
  radius: number,
  iris: Rgb,
  sclera: Rgb,
): number {
  const [irisLuma, scleraLuma] = [luma(iris), luma(sclera)];
  // Too little contrast (a dark, shadowed sclera; a light iris): the model's radius, as before.
  if (radius < 1 || scleraLuma - irisLuma < 25) return DEFAULT_EXTENT;
  // Where the sclera starts: past halfway from the iris, and near the sclera's own brightness, so a
  // big dark pupil inside a lighter iris (a cartoon's) is not taken for the iris's edge.
  const halfway = Math.max((irisLuma + scleraLuma) / 2, 0.8 * scleraLuma);
  const found: number[] = [];
  for (const angle of RAY_ANGLES) {
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    for (let d = 0.7 * radius; d <= 2.6 * radius; d += 0.25) {
      const x = centre[0] + d * cos;
      const y = centre[1] + d * sin;
      if (!insidePolygon(opening, x, y)) break;
      if (lumaAt(image, x, y) >= halfway) {
        found.push(d / radius);
        break;
      }
    }
  }
  if (found.length < 2) return DEFAULT_EXTENT;
  found.sort((a, b) => a - b);
  const median = found[Math.floor(found.length / 2)]!;
  return Math.min(2.4, Math.max(0.95, median + 0.5 / radius));
}

function lumaAt(image: RgbaFrame, x: number, y: number): number {
  const xi = Math.min(image.width - 1, Math.max(0, Math.floor(x)));
  const yi = Math.min(image.height - 1, Math.max(0, Math.floor(y)));
  const o = (yi * image.width + xi) * 4;
  return luma([image.data[o]!, image.data[o + 1]!, image.data[o + 2]!]);
}
