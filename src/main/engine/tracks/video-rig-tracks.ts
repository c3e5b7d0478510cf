import {
  ARKIT_BLENDSHAPE_NAMES,
  BLENDSHAPE_COUNT,
  IDENTITY_MODE_COUNT,
  LidBlink,
  RIG_POINT_COUNT,
  RigFitter,
  type RigFitResult,
  type RigIdentity,
} from '../../../shared/rig';
import { mouthShapeCourse } from './mouth-shape-course';
import { smoothSavitzkyGolay } from './savitzky-golay';
import { HEAD_CHANNELS, rigChannelName, type TrackSetData } from './track-set-data';

/** One tracked frame as the face pipeline stored it. */
export interface TrackedFrame {
  index: number;
  /** 478 x 3 (or 468 x 3) landmarks in video pixels. */
  landmarks: ArrayLike<number>;
  /**
   * The tracker's unsmoothed landmarks of the frame (same layout), when stored: the mouth's
   * narrowing (pucker/funnel) is read from them, filtered over the clip without lag
   * (mouth-shape-course.ts), since the tracker's One Euro filter lags a pucker's onset.
   */
  rawLandmarks?: ArrayLike<number>;
}

export interface VideoFitOptions {
  /** Frames in the video (frames without a face are filled in); default: last tracked index + 1. */
  frameCount?: number;
  fps: number;
  /** How many of the most neutral-looking frames solve the identity (default 5). */
  identityFrames?: number;
  /** Savitzky-Golay half window in frames (default 2: a 5-frame window). */
  smoothingHalfWindow?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface VideoFitResult {
  data: TrackSetData;
  identityFrames: number[];
  meanResidualPixels: number;
  smoothing: string;
}

/** Frames fitted between two turns of the event loop (~0.5-2 ms each), so the engine thread stays responsive. */
const FITS_PER_SLICE = 8;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/**
 * Gaze counts towards how far a frame is from rest at half weight: the rest face is calibrated
 * with gaze held at 0, so a frame looking down would make lowered lids and a low iris the
 * person's neutral (every later blink and gaze then under-read).
 */
const WEIGHT = ARKIT_BLENDSHAPE_NAMES.map((name) => (name.startsWith('eyeLook') ? 0.5 : 1));
/**
 * Largest energy (sum of coefficients, gaze at half weight, canonical identity) of the calmest
 * frame for the clip to have the person at rest. Measured on the fixture videos (gaze at half
 * weight): 1.9-4.7 on their calmest tenth (the canonical face's misfit of a real person), 10.6 on
 * average through the grin of smile-grimace.
 */
const CALM_ENERGY = 5;
/** Percentile of a clip's lid openings taken as the eyes' rest opening. */
const REST_LID_PERCENTILE = 0.8;
/** Frames whose energy is within this of the calmest one's count as at rest too. */
const CALM_MARGIN = 1;

/**
 * Per-frame rig fits of a tracked video, as coefficient and head-rotation channels:
 * 1. a quick pass with the canonical identity scores how expressive each frame looks;
 * 2. the identity modes (the person's proportions) are solved jointly with the expression on the
 *    calmest-looking frames, at least half a second apart, averaged, and then frozen. Expressions
 *    are not held at 0 there: a clip that smiles throughout must still read as a smile (absolute
 *    values feed Live Link export). No per-point detail is captured either, since on an expressive
 *    frame it would bake that expression into the face; what the modes cannot express shows as a
 *    small constant bias, which relative retargeting (rest = per-coefficient minimum) removes;
 * 3. every frame is fitted with that identity, warm-started from the previous frame, pucker/funnel
 *    read from the mouth's course over the clip (mouth-shape-course.ts: unsmoothed landmarks, no lag);
 * 4. frames without a face are filled by linear interpolation (held at the ends) and flagged;
 * 5. each channel is smoothed with a 5-frame Savitzky-Golay filter; coefficients are clamped to [0, 1].
 */
export async function fitVideoTracks(
  frames: readonly TrackedFrame[],
  options: VideoFitOptions,
): Promise<VideoFitResult> {
  if (frames.length === 0) throw new Error('no tracked frames to fit');
  const fitter = new RigFitter();
  const frameCount = Math.max(options.frameCount ?? 0, frames.at(-1)!.index + 1);
  const progress = options.onProgress ?? (() => {});
  const step = async (done: number, total: number, from: number, span: number) => {
    if (done % FITS_PER_SLICE !== 0) return;
    progress(from + (span * done) / total);
    await yieldToLoop();
    options.signal?.throwIfAborted();
  };

  // 1. How expressive each frame looks with the canonical face.
  const energy = new Float64Array(frames.length);
  let previous: RigFitResult | undefined;
  for (let f = 0; f < frames.length; f++) {
    previous = fitter.fit(frames[f]!.landmarks, { warmStart: previous });
    for (let k = 0; k < BLENDSHAPE_COUNT; k++) energy[f] = energy[f]! + WEIGHT[k]! * previous.coefficients[k]!;
    await step(f + 1, frames.length, 0, 0.4);
  }

  // 2. Identity from the calmest frames, spaced apart so they are not all the same moment.
  const wanted = Math.max(1, options.identityFrames ?? 5);
  const minGap = Math.max(1, Math.round(options.fps / 2));
  const byEnergy = [...energy.keys()].sort((a, b) => energy[a]! - energy[b]!);
  // At rest, only frames about as calm as the calmest one: a short clip that is expressive most of
  // the time (78 frames, a grin in 45) cannot give five calm frames half a second apart.
  const calm = energy[byEnergy[0]!]! <= CALM_ENERGY;
  const chosen: number[] = [];
  for (const f of byEnergy) {
    if (calm && energy[f]! > energy[byEnergy[0]!]! + CALM_MARGIN) break;
    if (chosen.every((other) => Math.abs(frames[other]!.index - frames[f]!.index) >= minGap)) chosen.push(f);
    if (chosen.length === wanted) break;
  }
  // Per-user calibration: when the calmest frames look at rest, the person's whole neutral face
  // (proportion modes and per-point detail) is taken from them with expressions held at 0, so
  // whatever the modes cannot express (full lips, a low brow, narrow eyes) is not read as an
  // expression on every frame, and blink and gaze are measured against this person's own open
  // eyes and resting iris. A clip whose calmest frame is still expressive (smiling throughout)
  // keeps the joint fit on the calmest frames and no detail, so its expression stays in the
  // coefficients.
  const identity: RigIdentity = {
    modes: new Float32Array(IDENTITY_MODE_COUNT),
    detail: calm ? new Float32Array(RIG_POINT_COUNT * 3) : null,
  };
  for (const f of chosen) {
    const joint = fitter.fit(
      frames[f]!.landmarks,
      calm ? { fitIdentity: true, captureDetail: true, neutralExpression: true } : { fitIdentity: true },
    );
    for (let m = 0; m < IDENTITY_MODE_COUNT; m++) {
      identity.modes[m] = identity.modes[m]! + joint.identity.modes[m]! / chosen.length;
    }
    const detail = joint.identity.detail;
    if (identity.detail && detail) {
      for (let j = 0; j < detail.length; j++) identity.detail[j] = identity.detail[j]! + detail[j]! / chosen.length;
    }
  }

  // The eyes' rest opening: their usual open height over the clip (80th percentile per eye). One
  // calm frame can catch a lid on its way down or eyes looking down; over a clip the eyes are
  // open most of the time.
  const openings = frames.map((frame) => LidBlink.opening(frame.landmarks));
  const usual = (e: 0 | 1) =>
    openings.map((o) => o[e]).sort((a, b) => a - b)[Math.floor((openings.length - 1) * REST_LID_PERCENTILE)]!;
  const restLidOpening = [usual(0), usual(1)] as const;

  // The mouth's width and parting through the clip, for pucker/funnel (mouth-shape-course.ts).
  const mouthShapes = mouthShapeCourse(frames);

  // 3. Every frame with the frozen identity.
  const coefficientRows = new Float64Array(frameCount * BLENDSHAPE_COUNT);
  const headRows = new Float64Array(frameCount * HEAD_CHANNELS.length);
  const measured = new Uint8Array(frameCount);
  let residualSum = 0;
  previous = undefined;
  for (let f = 0; f < frames.length; f++) {
    const { index, landmarks } = frames[f]!;
    if (index >= frameCount || measured[index]) continue;
    const fit = fitter.fit(landmarks, { identity, warmStart: previous, restLidOpening, mouthShape: mouthShapes[f] });
    previous = fit;
    coefficientRows.set(fit.coefficients, index * BLENDSHAPE_COUNT);
    headRows.set([fit.pose.yawDeg, fit.pose.pitchDeg, fit.pose.rollDeg], index * HEAD_CHANNELS.length);
    measured[index] = 1;
    residualSum += fit.residualRmsPixels;
    await step(f + 1, frames.length, 0.4, 0.55);
  }

  // 4 and 5, channel by channel.
  const halfWindow = options.smoothingHalfWindow ?? 2;
  const channel = (rows: Float64Array, stride: number, k: number, clamp: boolean): Float32Array => {
    const column = new Float64Array(frameCount);
    for (let t = 0; t < frameCount; t++) column[t] = rows[t * stride + k]!;
    fillGaps(column, measured);
    const smoothed = halfWindow >= 2 ? smoothSavitzkyGolay(column, halfWindow) : column;
    return Float32Array.from(smoothed, (value) => (clamp ? Math.min(1, Math.max(0, value)) : value));
  };
  const channels: TrackSetData['channels'] = [
    ...ARKIT_BLENDSHAPE_NAMES.map((name, k) => ({
      name: rigChannelName(name),
      unit: 'coefficient' as const,
      samples: channel(coefficientRows, BLENDSHAPE_COUNT, k, true),
    })),
    ...HEAD_CHANNELS.map((name, k) => ({
      name,
      unit: 'degrees' as const,
      samples: channel(headRows, HEAD_CHANNELS.length, k, false),
    })),
  ];
  progress(1);
  const measuredCount = measured.reduce((sum, flag) => sum + flag, 0);
  return {
    data: {
      fps: options.fps,
      frameCount,
      startSeconds: 0,
      times: Float64Array.from({ length: frameCount }, (_, t) => t / options.fps),
      measured,
      channels,
    },
    identityFrames: chosen.map((f) => frames[f]!.index).sort((a, b) => a - b),
    meanResidualPixels: measuredCount ? residualSum / measuredCount : 0,
    smoothing: halfWindow >= 2 ? `savitzky-golay quadratic, ${2 * halfWindow + 1} frames` : 'none',
  };
}

/** Fills unmeasured samples by linear interpolation between measured neighbours, holding the ends. */
export function fillGaps(values: Float64Array, measured: Uint8Array): void {
  let last = -1;
  for (let t = 0; t <= values.length; t++) {
    if (t < values.length && !measured[t]) continue;
    const from = last;
    const to = t < values.length ? t : -1;
    if (from === -1 && to === -1) return;
    for (let gap = from + 1; gap < (to === -1 ? values.length : to); gap++) {
      if (from === -1) values[gap] = values[to]!;
      else if (to === -1) values[gap] = values[from]!;
      else values[gap] = values[from]! + ((values[to]! - values[from]!) * (gap - from)) / (to - from);
    }
    last = t;
  }
}
