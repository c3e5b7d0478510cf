import { sampleDonor, type MouthDonor } from './mouth-donor';
import type { Rgb } from './photo-colours';
import type { FrameSampler } from './source-pyramid';

/**
 * The inside of the mouth where the lips part beyond what the photo shows. Laid out in the mouth's
 * own frame (u across from the right corner to the left, v down from the corners' line), per
 * column: what the photo showed between its lips stays attached to the lips, not stretched (its
 * upper teeth hang from the upper lip, the lower part goes down with the jaw); the new gap between
 * is painted: a dark cavity shaded by depth, teeth rows (when the photo showed none) and the tongue
 * once the jaw drops far enough. Colours come from the photo: the cavity is a darkened lip tone,
 * painted teeth an off-white in the photo's light.
 */
export interface MouthShading {
  alpha: number;
  /** The expression source's own interior, used instead of the painted one by its strength; null: none. */
  donor: MouthDonor | null;
  /** Frame pixels: right corner, unit vector to the left corner, the mouth's width. */
  originX: number;
  originY: number;
  axisX: number;
  axisY: number;
  width: number;
  /** Per column (MOUTH_LUT_SIZE across u in [0, 1]): inner lip v (frame pixels) and how much is painted. */
  upper: Float32Array;
  lower: Float32Array;
  paint: Float32Array;
  lip: Rgb;
  teeth: Rgb;
  photoShowsTeeth: boolean;
  /** How far the lips are drawn back from the teeth, 0 (relaxed) to 1 (smile): see UPPER_CROWN. */
  teethExposure: number;
  /** Per column: how far apart the jaw holds the teeth rows' edges (frame pixels; teeth-bite.ts). */
  bite: Float32Array;
  /** The photo's mouth in the sampled pyramid level: the same frame and per-column lips. */
  source: {
    originX: number;
    originY: number;
    axisX: number;
    axisY: number;
    width: number;
    upper: Float32Array;
    lower: Float32Array;
    /** Level pixels per frame pixel. */
    perFramePixel: number;
  };
}

export const MOUTH_LUT_SIZE = 64;

/** Of the photo's own opening, the share that stays with the upper lip (the rest goes with the jaw). */
const UPPER_SHARE = 0.6;

/** The painted colour of the pixel being shaded (one buffer: no allocation per pixel). */
const painted = new Float64Array(3);

const smoothstep = (e0: number, e1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/**
 * The teeth as they sit on the dental arch, seen from the front: per tooth from the midline
 * outwards (central and lateral incisor, canine, two premolars) its width along the arch (mouth
 * widths), its length (share of the row's height; the canine's point is its own shape) and how
 * much light reaches it (the arch turns away from the camera and into the mouth's shadow).
 */
interface ToothRow {
  widths: readonly number[];
  lengths: readonly number[];
}
const UPPER_TEETH: ToothRow = { widths: [0.15, 0.12, 0.12, 0.11, 0.11], lengths: [1, 0.86, 0.96, 0.8, 0.74] };
const LOWER_TEETH: ToothRow = { widths: [0.095, 0.1, 0.12, 0.11, 0.11], lengths: [1, 1, 0.96, 0.85, 0.8] };
const TOOTH_LIGHT = [1, 0.95, 0.88, 0.8, 0.72];
/**
 * How much of the teeth the lips uncover, from relaxed (0: a jaw drop or an "oh", the lips hang
 * over the teeth) to drawn back (1: a smile or grimace). Per row, relaxed and drawn-back values of:
 * the visible crown in mouth widths (a central incisor's crown is about a fifth of a smiling mouth's
 * width, the lower one about a tenth), the share of a narrow gap between the lips the row fills
 * (parted lips over a closed bite in a smile show teeth with a dark line between the rows, not a
 * dark hole) and, for the lower row, the gap (mouth widths) over which it comes into view.
 */
const UPPER_CROWN = [0.12, 0.17] as const;
const UPPER_FILL = [0.42, 0.6] as const;
const LOWER_CROWN = [0.07, 0.1] as const;
const LOWER_FILL = [0.25, 0.34] as const;
/** The most of each row a parted mouth shows over a closed jaw (mouth widths): whole crowns. */
const UPPER_CROWN_MAX = 0.2;
const LOWER_CROWN_MAX = 0.13;
const LOWER_TEETH_FROM = [
  [0.14, 0.28],
  [0.04, 0.12],
] as const;
const byExposure = (values: readonly [number, number], exposure: number) =>
  values[0] + (values[1] - values[0]) * exposure;
/** Width (frame pixels) from which a tooth's seams are drawn at full depth. */
const SHARP_SEAM_PIXELS = 8;
/** The canine (index 2) ends in a point, the others in an edge rounded at its corners. */
const CANINE = 2;
/** Radius of the arch's front curve, in mouth widths: the teeth's projected width shrinks towards the corners. */
const ARCH_RADIUS = 0.34;

/** The tooth under one pixel (written by toothAt, read right after: no allocation per pixel). */
const tooth = { index: -1, across: 0, seamPixels: 0, widthPixels: 0 };

/**
 * Which tooth of `row` a column shows, `offset` mouth widths from the midline: its index (-1 past
 * the last, deep in the mouth), where across it (0..1) and how far the nearest gap between two
 * teeth is in frame pixels (`width`: the mouth's width in pixels).
 */
function toothAt(row: ToothRow, offset: number, width: number): void {
  const along = ARCH_RADIUS * Math.asin(Math.min(1, offset / ARCH_RADIUS));
  const projected = (arc: number) => ARCH_RADIUS * Math.sin(Math.min(Math.PI / 2, arc / ARCH_RADIUS));
  let start = 0;
  for (let k = 0; k < row.widths.length; k++) {
    const end = start + row.widths[k]!;
    if (along < end) {
      tooth.index = k;
      tooth.across = (along - start) / row.widths[k]!;
      // The midline gap is between the two central incisors, so it counts at k = 0 too.
      tooth.seamPixels = Math.min(offset - projected(start), projected(end) - offset) * width;
      tooth.widthPixels = (projected(end) - projected(start)) * width;
      return;
    }
    start = end;
  }
  tooth.index = -1;
}

/**
 * How far a tooth's free edge (incisal edge) falls short of the row's line at this point across it,
 * as a share of its length: incisors rounded at their corners, the canine pointed.
 */
function edgeLift(index: number, across: number): number {
  const fromMiddle = Math.abs(2 * across - 1);
  return index === CANINE ? 0.28 * fromMiddle ** 1.5 : 0.22 * fromMiddle ** 4;
}

/**
 * Light on a painted tooth pixel: the tooth's place on the arch, its convex face (brighter in its
 * middle), a dark seam between neighbours that opens towards the free edge, and the thin,
 * translucent free edge (the cavity shows through it a little). `fromRoot` 0 at the lip, 1 at the edge.
 */
function toothLight(index: number, across: number, seamPixels: number, widthPixels: number, fromRoot: number): number {
  const face = 0.86 + 0.14 * Math.sin(Math.PI * across);
  const seamWidth = 0.45 + 0.9 * fromRoot * fromRoot;
  // Neighbours touch near the gum (a faint line) and part towards their free edges (the dark notch
  // between rounded corners); teeth only a few pixels wide keep fainter seams. Dark seams the whole
  // crown long read as a comb.
  const depth = 0.1 + 0.25 * fromRoot ** 3;
  const seam = 1 - depth * Math.min(1, widthPixels / SHARP_SEAM_PIXELS) * smoothstep(seamWidth, 0, seamPixels);
  const translucent = 1 - 0.22 * smoothstep(0.72, 1, fromRoot);
  return TOOTH_LIGHT[index]! * face * seam * translucent;
}

/** Shades one mouth pixel in place over the mesh-warped photo already in out[o..o+2]. */
export function shadeMouthPixel(
  mouth: MouthShading,
  fx: number,
  fy: number,
  sampler: FrameSampler,
  out: Uint8ClampedArray,
  o: number,
): void {
  if (mouth.alpha <= 0) return;
  const px = fx - mouth.originX;
  const py = fy - mouth.originY;
  const u = (px * mouth.axisX + py * mouth.axisY) / mouth.width;
  const v = -px * mouth.axisY + py * mouth.axisX;
  const position = Math.min(MOUTH_LUT_SIZE - 1, Math.max(0, u * (MOUTH_LUT_SIZE - 1)));
  const i0 = position | 0;
  const i1 = Math.min(MOUTH_LUT_SIZE - 1, i0 + 1);
  const t = position - i0;
  const paint = (mouth.paint[i0]! * (1 - t) + mouth.paint[i1]! * t) * mouth.alpha;
  if (paint <= 0.001) return;
  const top = mouth.upper[i0]! * (1 - t) + mouth.upper[i1]! * t;
  const bottom = mouth.lower[i0]! * (1 - t) + mouth.lower[i1]! * t;
  const gap = Math.max(0.5, bottom - top);
  const width = mouth.width;
  const middle = (u - 0.5) * 2; // -1 at the right corner, 1 at the left
  const side = Math.min(1, Math.abs(middle));

  const photo = mouth.source;
  const photoTop = photo.upper[i0]! * (1 - t) + photo.upper[i1]! * t;
  const photoBottom = photo.lower[i0]! * (1 - t) + photo.lower[i1]! * t;
  const photoGap = Math.max(0, photoBottom - photoTop) / photo.perFramePixel;
  const fromTop = v - top;
  const fromBottom = bottom - v;
  let r: number;
  let g: number;
  let b: number;
  const keptTop = photoGap * UPPER_SHARE;
  const keptBottom = photoGap * (1 - UPPER_SHARE);
  // The photo's own mouth interior, carried by the lip it belongs to: its teeth. Without teeth it
  // is only shadow between the lips, and the painted teeth hang from the lip itself instead of
  // starting below a band of that shadow. Where the carried part meets the painted gap they blend
  // over a pixel and a half (a hard switch drew the teeth's edges as stair steps).
  const warpedR = out[o]!;
  const warpedG = out[o + 1]!;
  const warpedB = out[o + 2]!;
  const carries = mouth.photoShowsTeeth && photoGap > 1;
  const carriedTop = carries ? smoothstep(keptTop + 0.75, keptTop - 0.75, fromTop) : 0;
  const carriedBottom = carries ? smoothstep(keptBottom + 0.75, keptBottom - 0.75, fromBottom) : 0;
  const carried = Math.max(carriedTop, carriedBottom);
  r = 0;
  g = 0;
  b = 0;
  if (carried < 1) {
    // Cavity: darkest deep in the middle, a little light where lips and cheeks bounce it.
    const depthInto = (v - top) / gap;
    const rim = Math.max(side * side, (2 * depthInto - 1) ** 2);
    const shade = 0.22 + 0.2 * rim;
    painted[0] = mouth.lip[0] * shade;
    painted[1] = mouth.lip[1] * shade * 0.75;
    painted[2] = mouth.lip[2] * shade * 0.75;
    const bite = mouth.bite[i0]! * (1 - t) + mouth.bite[i1]! * t;
    paintTeethAndTongue(mouth, u, v, top, bottom, gap, width, side, middle, bite);
    r = painted[0] * (1 - carried);
    g = painted[1] * (1 - carried);
    b = painted[2] * (1 - carried);
  }
  if (carried > 0) {
    const pv =
      carriedTop >= carriedBottom
        ? photoTop + Math.min(fromTop, keptTop) * photo.perFramePixel
        : photoBottom - Math.min(fromBottom, keptBottom) * photo.perFramePixel;
    const pu = u * photo.width;
    sampler.sample(
      photo.originX + pu * photo.axisX - pv * photo.axisY,
      photo.originY + pu * photo.axisY + pv * photo.axisX,
      o,
    );
    r += out[o]! * carried;
    g += out[o + 1]! * carried;
    b += out[o + 2]! * carried;
  }
  if (mouth.donor) {
    // The expression source's teeth and tongue, stretched between the target's inner lips.
    const s = mouth.donor.strength * sampleDonor(mouth.donor, u, i0, i1, t, fromTop, gap, painted);
    r += (painted[0]! - r) * s;
    g += (painted[1]! - g) * s;
    b += (painted[2]! - b) * s;
  }
  // A pixel's worth of soft edge along the lips, so the painted gap is not a cut-out.
  const edge = Math.min(1, Math.max(0, Math.min(fromTop, fromBottom) / 1.5 + 0.35));
  const weight = paint * edge;
  out[o] = warpedR + (r - warpedR) * weight;
  out[o + 1] = warpedG + (g - warpedG) * weight;
  out[o + 2] = warpedB + (b - warpedB) * weight;
}

function paintTeethAndTongue(
  mouth: MouthShading,
  u: number,
  v: number,
  top: number,
  bottom: number,
  gap: number,
  width: number,
  side: number,
  middle: number,
  bite: number,
): void {
  let r = painted[0]!;
  let g = painted[1]!;
  let b = painted[2]!;
  // Tongue: low in the mouth once the jaw has dropped, lip-toned and lit from the front.
  const tongueShow = smoothstep(0.12 * width, 0.3 * width, gap);
  if (tongueShow > 0) {
    const ex = middle / 0.62;
    const ey = (v - (bottom + 0.05 * gap)) / (0.42 * gap);
    const cover = smoothstep(1, 0.85, ex * ex + ey * ey) * tongueShow;
    if (cover > 0) {
      const light = 0.5 + 0.3 * Math.min(1, Math.max(0, 1 + ey)) * (1 - 0.5 * ex * ex);
      r += (mouth.lip[0] * light - r) * cover;
      g += (mouth.lip[1] * light * 0.78 - g) * cover;
      b += (mouth.lip[2] * light * 0.8 - b) * cover;
    }
  }
  if (!mouth.photoShowsTeeth) {
    const offset = Math.abs(u - 0.5);
    const exposure = mouth.teethExposure;
    const arch = 1 - 0.4 * side * side;
    // Each row's visible height: a share of the gap between the lips, at most a visible crown.
    let upperRow = Math.min(byExposure(UPPER_FILL, exposure) * gap, byExposure(UPPER_CROWN, exposure) * width) * arch;
    let lowerRow = Math.min(byExposure(LOWER_FILL, exposure) * gap, byExposure(LOWER_CROWN, exposure) * width);
    // Lower teeth: their edges over the lower lip once the lips part more than a slit...
    const from = byExposure([LOWER_TEETH_FROM[0][0], LOWER_TEETH_FROM[1][0]], exposure);
    const full = byExposure([LOWER_TEETH_FROM[0][1], LOWER_TEETH_FROM[1][1]], exposure);
    let lowerShow = smoothstep(from * width, full * width, gap);
    // ...but the rows cannot be further apart than the jaw holds them (teeth-bite.ts): over a
    // closed jaw they grow towards each other, up to whole crowns, and meet at the bite.
    const apart = gap - upperRow - lowerRow;
    if (apart > bite) {
      const extra = apart - bite;
      const addUpper = Math.min(extra * 0.6, Math.max(0, UPPER_CROWN_MAX * width * arch - upperRow));
      const addLower = Math.min(extra - addUpper, Math.max(0, LOWER_CROWN_MAX * width - lowerRow));
      upperRow += addUpper;
      lowerRow += addLower;
      lowerShow = Math.max(lowerShow, smoothstep(0, 0.5 * lowerRow, extra));
    }
    if (lowerShow > 0) {
      toothAt(LOWER_TEETH, offset, width);
      if (tooth.index >= 0) {
        const height = lowerRow * LOWER_TEETH.lengths[tooth.index]!;
        const edge = bottom - height * (1 - edgeLift(tooth.index, tooth.across));
        const cover = smoothstep(edge - 0.6, edge + 0.6, v) * lowerShow * smoothstep(0.8, 0.62, side);
        if (cover > 0) {
          const fromRoot = Math.min(1, Math.max(0, (bottom - v) / Math.max(0.5, bottom - edge)));
          const light =
            (1 - 0.6 * side * side) *
            0.8 *
            toothLight(tooth.index, tooth.across, tooth.seamPixels, tooth.widthPixels, fromRoot);
          r += (mouth.teeth[0] * light - r) * cover;
          g += (mouth.teeth[1] * light - g) * cover;
          b += (mouth.teeth[2] * light - b) * cover;
        }
      }
    }
    // Upper teeth: hang from the upper lip, their edges curving up towards the corners.
    toothAt(UPPER_TEETH, offset, width);
    if (tooth.index >= 0) {
      const height = upperRow * UPPER_TEETH.lengths[tooth.index]!;
      const edge = top + height * (1 - edgeLift(tooth.index, tooth.across));
      // Towards the corners the arch turns into the cheeks' shadow.
      const cover = smoothstep(edge + 0.6, edge - 0.6, v) * smoothstep(0.92, 0.78, side);
      if (cover > 0) {
        const fromRoot = Math.min(1, Math.max(0, (v - top) / Math.max(0.5, edge - top)));
        // The upper lip shades the teeth just under it.
        const underLip = 0.7 + 0.3 * smoothstep(0, 0.45, fromRoot);
        const light =
          (1 - 0.5 * side * side) *
          0.95 *
          underLip *
          toothLight(tooth.index, tooth.across, tooth.seamPixels, tooth.widthPixels, fromRoot);
        r += (mouth.teeth[0] * light - r) * cover;
        g += (mouth.teeth[1] * light - g) * cover;
        b += (mouth.teeth[2] * light - b) * cover;
      }
    }
  }
  painted[0] = r;
  painted[1] = g;
  painted[2] = b;
}
