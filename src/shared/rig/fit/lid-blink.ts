import { ARKIT_BLENDSHAPE_NAMES, blendshapeIndex, type ArkitBlendshapeName } from '../arkit-names';
import { getBlendshapeBasis } from '../blendshape-basis';

/**
 * Blink straight from the lid opening, per eye: the eye's opening (mean distance across three
 * upper/lower lid pairs, over the corner-to-corner width: a ratio of 3D distances, so the head
 * pose cancels) against the same measure on the person's neutral (the fitted identity, calibrated
 * on the driver's calm frames), less what the gaze already closes (looking down lowers the upper
 * lid). Left to the least-squares fit, a shut eye split into blink, squint, cheekSquint and
 * lookDown (the iris points of a shut eye are guesses, and usually read as looking down), the
 * two eyes differently: both eyes shut read blink 0.19-0.29 on one side and 0.66-0.75 on the other.
 */

/** lid pairs (upper, lower) across each eye and its corners: MediaPipe's indices, the rig's too */
const EYES = [
  { side: 'Left', pairs: [387, 373, 386, 374, 385, 380], corners: [263, 362] },
  { side: 'Right', pairs: [160, 144, 159, 145, 158, 153], corners: [33, 133] },
] as const;

/**
 * Facemesh never brings the lids together: on shut eyes (fixture videos, labelled by eye) the
 * opening is 0.22-0.45 of the neutral one, the two eyes of one blink up to 0.1 apart: a closure
 * of this much already means shut (both eyes of the blinks there then read within 0.1 of each other).
 */
export const FACEMESH_SHUT_CLOSURE = 0.6;
/** Below this opening (fraction of neutral) the iris is too covered for its landmarks to say where the eye looks. */
const GAZE_TRUST_FROM = 0.3;
const GAZE_TRUST_FULL = 0.65;

function opening(points: ArrayLike<number>, eye: (typeof EYES)[number]): number {
  const dist = (a: number, b: number) =>
    Math.hypot(
      points[a * 3]! - points[b * 3]!,
      points[a * 3 + 1]! - points[b * 3 + 1]!,
      points[a * 3 + 2]! - points[b * 3 + 2]!,
    );
  let sum = 0;
  for (let p = 0; p < eye.pairs.length; p += 2) sum += dist(eye.pairs[p]!, eye.pairs[p + 1]!);
  return sum / (eye.pairs.length / 2) / dist(eye.corners[0], eye.corners[1]);
}

/** Both eyes' blinks above BILATERAL_FROM start being drawn together, fully from BILATERAL_FULL. */
const BILATERAL_FROM = 0.45;
const BILATERAL_FULL = 0.65;

export class LidBlink {
  private readonly neutralOpening = new Float64Array(2);
  private readonly blink = new Float64Array(2);
  /** per eye: closure (fraction of the neutral opening) per unit of each gaze shape of that eye */
  private readonly gazeClosure: { index: number; closure: number }[][];
  readonly blinkIndex = EYES.map((eye) => blendshapeIndex(`eyeBlink${eye.side}` as ArkitBlendshapeName));

  constructor() {
    const basis = getBlendshapeBasis();
    const shifted = new Float64Array(basis.neutral.length);
    this.gazeClosure = EYES.map((eye) => {
      const rest = opening(basis.neutral, eye);
      return (['Up', 'Down', 'In', 'Out'] as const).map((direction) => {
        const name = `eyeLook${direction}${eye.side}` as ArkitBlendshapeName;
        const delta = basis.shapeDelta(name);
        for (let j = 0; j < shifted.length; j++) shifted[j] = basis.neutral[j]! + delta[j]!;
        return { index: ARKIT_BLENDSHAPE_NAMES.indexOf(name), closure: 1 - opening(shifted, eye) / rest };
      });
    });
  }

  /** Remembers the lid openings of the person's neutral (model-frame points). */
  setNeutral(neutral: ArrayLike<number>): void {
    EYES.forEach((eye, e) => (this.neutralOpening[e] = opening(neutral, eye)));
  }

  /**
   * How open each eye is, as a fraction of its neutral opening (1 at rest, about 0.3 shut), from
   * landmarks (any frame: the measure is pose-free). Written to out[0] (left), out[1] (right).
   */
  openness(points: ArrayLike<number>, out: Float64Array, restOpening?: readonly [number, number]): void {
    EYES.forEach((eye, e) => (out[e] = opening(points, eye) / (restOpening?.[e] ?? this.neutralOpening[e]!)));
  }

  /**
   * The lid opening measure itself (left, right) of landmarks in any frame: what a caller that
   * knows a person's eyes better than one neutral frame (a whole video) can calibrate with
   * (RigFitOptions.restLidOpening).
   */
  static opening(points: ArrayLike<number>): [number, number] {
    return [opening(points, EYES[0]), opening(points, EYES[1])];
  }

  /** How far the iris-measured gaze can be trusted at this openness: 0 (shut) .. 1 (open enough). */
  static gazeTrust(openness: number): number {
    return Math.min(1, Math.max(0, (openness - GAZE_TRUST_FROM) / (GAZE_TRUST_FULL - GAZE_TRUST_FROM)));
  }

  /**
   * Writes eyeBlinkLeft/Right into `coefficients` from the openness (openness(), per eye) and
   * the gaze already in `coefficients`: the closure the gaze explains is taken off, the rest
   * scaled so that facemesh's shut eye (FACEMESH_SHUT_CLOSURE) reads 1, and a bilateral blink's
   * two eyes drawn together. `exactLids`: landmarks whose lids close fully and independently (the
   * rig's own synthesized points): no facemesh calibration.
   */
  estimate(openness: Float64Array, coefficients: Float64Array, exactLids = false): void {
    const shut = exactLids ? 1 : FACEMESH_SHUT_CLOSURE;
    EYES.forEach((_, e) => {
      let gazeClosure = 0;
      for (const { index, closure } of this.gazeClosure[e]!) gazeClosure += coefficients[index]! * closure;
      const closure = 1 - openness[e]! - gazeClosure;
      this.blink[e] = Math.min(1, Math.max(0, closure / (shut - gazeClosure)));
    });
    if (exactLids) {
      coefficients[this.blinkIndex[0]!] = this.blink[0]!;
      coefficients[this.blinkIndex[1]!] = this.blink[1]!;
      return;
    }
    // Blinks are bilateral; facemesh often reads one eye of a blink less closed than the other
    // (0.5 against 0.8 on the fixture videos, both shut by eye). When both eyes are clearly
    // closing, the less closed one is drawn towards the other; a wink (the other eye open, blink
    // under BILATERAL_FROM) is left alone.
    const [left, right] = this.blink as unknown as [number, number];
    const both = Math.min(left, right);
    const pull = Math.min(1, Math.max(0, (both - BILATERAL_FROM) / (BILATERAL_FULL - BILATERAL_FROM)));
    const most = Math.max(left, right);
    coefficients[this.blinkIndex[0]!] = left + (most - left) * pull;
    coefficients[this.blinkIndex[1]!] = right + (most - right) * pull;
  }
}
