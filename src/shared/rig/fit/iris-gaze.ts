import { ARKIT_BLENDSHAPE_NAMES, blendshapeIndex, type ArkitBlendshapeName } from '../arkit-names';
import { getBlendshapeBasis } from '../blendshape-basis';
import { LANDMARK, LEFT_IRIS_CENTER, RIGHT_IRIS_CENTER } from '../topology/rig-points';

/**
 * Gaze straight from the iris: where the iris sits between the eye's corners, compared with
 * where it sits in the person's neutral. The corners do not move with the lids, so blink,
 * squint or a wide eye do not read as looking up or down, and the two antagonists of each axis
 * (in/out, up/down) come out as one signed value, so they are never both on.
 */

interface EyeDefinition {
  /** the subject's side */
  side: 'Left' | 'Right';
  irisCenter: number;
  /** corners: outer and inner */
  outer: number;
  inner: number;
}

const EYES: readonly EyeDefinition[] = [
  { side: 'Left', irisCenter: LEFT_IRIS_CENTER, outer: LANDMARK.leftEyeOuter, inner: LANDMARK.leftEyeInner },
  { side: 'Right', irisCenter: RIGHT_IRIS_CENTER, outer: LANDMARK.rightEyeOuter, inner: LANDMARK.rightEyeInner },
];

/** Offset (x, y in the model frame) of the iris points' mean from the corners' midpoint, in eye widths. */
function irisOffset(points: ArrayLike<number>, eye: EyeDefinition, out: Float64Array): void {
  let ix = 0;
  let iy = 0;
  // The mean of the centre and the four contour points does not depend on the contour's order,
  // which differs between landmark producers.
  for (let p = eye.irisCenter; p < eye.irisCenter + 5; p++) {
    ix += points[p * 3]! / 5;
    iy += points[p * 3 + 1]! / 5;
  }
  const ox = points[eye.outer * 3]!;
  const oy = points[eye.outer * 3 + 1]!;
  const nx = points[eye.inner * 3]!;
  const ny = points[eye.inner * 3 + 1]!;
  const width = Math.hypot(ox - nx, oy - ny);
  out[0] = (ix - (ox + nx) / 2) / width;
  out[1] = (iy - (oy + ny) / 2) / width;
}

/** One eye's four gaze shapes and the iris offset each causes at weight 1 (eye widths). */
interface EyeGaze {
  eye: EyeDefinition;
  /** coefficient indices: horizontal (positive x, negative x), vertical (positive y, negative y) */
  towardsPlusX: number;
  towardsMinusX: number;
  up: number;
  down: number;
  /** offset change per unit weight of each of the four shapes, [x, y] */
  response: Float64Array;
}

export class IrisGaze {
  private readonly eyes: EyeGaze[];
  private readonly neutralOffsets = new Float64Array(4);
  private readonly scratch = new Float64Array(2);
  private readonly shifted: Float64Array;

  constructor() {
    const basis = getBlendshapeBasis();
    this.shifted = new Float64Array(basis.neutral.length);
    this.eyes = EYES.map((eye) => {
      const index = (name: string) => blendshapeIndex(name as ArkitBlendshapeName);
      // Out for the subject's left eye is +x (towards the subject's left); for the right eye, in is +x.
      const outward = index(`eyeLookOut${eye.side}`);
      const inward = index(`eyeLookIn${eye.side}`);
      const shapes = {
        towardsPlusX: eye.side === 'Left' ? outward : inward,
        towardsMinusX: eye.side === 'Left' ? inward : outward,
        up: index(`eyeLookUp${eye.side}`),
        down: index(`eyeLookDown${eye.side}`),
      };
      const response = new Float64Array(8);
      const rest = new Float64Array(2);
      irisOffset(basis.neutral, eye, rest);
      [shapes.towardsPlusX, shapes.towardsMinusX, shapes.up, shapes.down].forEach((k, slot) => {
        const delta = basis.shapeDelta(ARKIT_BLENDSHAPE_NAMES[k]!);
        for (let j = 0; j < this.shifted.length; j++) this.shifted[j] = basis.neutral[j]! + delta[j]!;
        irisOffset(this.shifted, eye, this.scratch);
        response[slot * 2] = this.scratch[0]! - rest[0]!;
        response[slot * 2 + 1] = this.scratch[1]! - rest[1]!;
      });
      return { eye, ...shapes, response };
    });
  }

  /** Remembers the iris offsets of the person's neutral (model-frame points): gaze is measured against them. */
  setNeutral(neutral: ArrayLike<number>): void {
    this.eyes.forEach((gaze, e) => {
      irisOffset(neutral, gaze.eye, this.scratch);
      this.neutralOffsets[e * 2] = this.scratch[0]!;
      this.neutralOffsets[e * 2 + 1] = this.scratch[1]!;
    });
  }

  /**
   * Writes the eight eyeLook* coefficients (in [0, 1], at most one of each antagonist pair
   * non-zero) for landmarks already brought into the model frame.
   */
  estimate(modelPoints: ArrayLike<number>, coefficients: Float64Array): void {
    this.eyes.forEach((gaze, e) => {
      irisOffset(modelPoints, gaze.eye, this.scratch);
      const dx = this.scratch[0]! - this.neutralOffsets[e * 2]!;
      const dy = this.scratch[1]! - this.neutralOffsets[e * 2 + 1]!;
      const r = gaze.response;
      // The sign of each axis picks one shape of each pair; their responses are nearly axis-aligned,
      // but solving the 2x2 system removes the small cross-talk (up/down shapes move the iris a
      // little sideways through the corner drag, and vice versa).
      const h = dx >= 0 ? 0 : 1;
      const v = dy >= 0 ? 2 : 3;
      const a = r[h * 2]!;
      const b = r[v * 2]!;
      const c = r[h * 2 + 1]!;
      const d = r[v * 2 + 1]!;
      const det = a * d - b * c;
      let wh = (dx * d - b * dy) / det;
      let wv = (a * dy - c * dx) / det;
      if (!(wh > 0)) wh = 0;
      if (!(wv > 0)) wv = 0;
      const slots = [gaze.towardsPlusX, gaze.towardsMinusX, gaze.up, gaze.down];
      for (const k of slots) coefficients[k] = 0;
      coefficients[slots[h]!] = Math.min(1, wh);
      coefficients[slots[v]!] = Math.min(1, wv);
    });
  }
}

/**
 * Producers disagree on the order of the four iris contour points (the rig expects +x, +y, -x,
 * -y of the centre for both eyes; a pipeline that runs the iris model on a mirrored left eye
 * swaps that eye's +x and -x). Swaps each eye's opposite contour points in place (camera-frame
 * points, y up) when they are on the wrong side, judged along the face's own axes.
 */
export function normaliseIrisContourOrder(camera: Float64Array): void {
  const axis = (from: number, to: number, a: number) => camera[to * 3 + a]! - camera[from * 3 + a]!;
  const alongX = [0, 1, 2].map((a) => axis(LANDMARK.rightEyeOuter, LANDMARK.leftEyeOuter, a));
  const alongY = [0, 1, 2].map((a) => axis(LANDMARK.chin, LANDMARK.foreheadTop, a));
  const project = (p: number, c: number, direction: number[]) =>
    (camera[p * 3]! - camera[c * 3]!) * direction[0]! +
    (camera[p * 3 + 1]! - camera[c * 3 + 1]!) * direction[1]! +
    (camera[p * 3 + 2]! - camera[c * 3 + 2]!) * direction[2]!;
  const swap = (p: number, q: number) => {
    for (let a = 0; a < 3; a++) {
      const t = camera[p * 3 + a]!;
      camera[p * 3 + a] = camera[q * 3 + a]!;
      camera[q * 3 + a] = t;
    }
  };
  for (const c of [RIGHT_IRIS_CENTER, LEFT_IRIS_CENTER]) {
    if (project(c + 1, c, alongX) < project(c + 3, c, alongX)) swap(c + 1, c + 3);
    if (project(c + 2, c, alongY) < project(c + 4, c, alongY)) swap(c + 2, c + 4);
  }
}
