import type { TrackChannelUnit } from '../../../shared/api/tracks';
import { GAZE_DEGREES } from '../../../shared/rig/shapes/gaze';
import {
  ARKIT_BLENDSHAPE_NAMES,
  BLENDSHAPE_COUNT,
  HEAD_EYE_CHANNELS,
  headEyeGroupIndices,
  type ArkitBlendshapeName,
  type CoefficientTracks,
  type HeadEyeGroup,
} from '../../../shared/rig';

/** A track set's samples in memory: every channel has one Float32 value per frame. */
export interface TrackSetData {
  fps: number;
  frameCount: number;
  /** Absolute time of the first frame (a Live Link timecode), 0 when unknown. */
  startSeconds: number;
  /** Seconds from the first frame. */
  times: Float64Array;
  /** 1 where a value was measured, 0 where it was filled in; null when every frame was measured. */
  measured: Uint8Array | null;
  channels: Array<{ name: string; unit: TrackChannelUnit; samples: Float32Array }>;
}

export const HEAD_CHANNELS = ['head.yawDeg', 'head.pitchDeg', 'head.rollDeg'] as const;
export const rigChannelName = (name: ArkitBlendshapeName): string => `rig.${name}`;
const EYE_CHANNELS = HEAD_EYE_CHANNELS.slice(3).map((column) => `eyes.${column}`);

/**
 * Live Link Face writes head and eye rotations in radians (ARKit's unit); the rig speaks degrees.
 * Checked against the app's documentation only, not against a capture of known angles, so this
 * one constant is the place to change if a real capture disagrees (docs/tracks.md).
 */
export const LIVE_LINK_ANGLE_TO_DEGREES = 180 / Math.PI;

/**
 * Channels of imported coefficient tracks: 52 coefficients, then the head angles and the eye
 * angles, each group when the file had it (a head-only capture gets no eye channels; its gaze
 * stays in the eyeLook* coefficients).
 */
export function fromCoefficientTracks(tracks: CoefficientTracks): TrackSetData {
  const { frameCount } = tracks;
  const channels: TrackSetData['channels'] = ARKIT_BLENDSHAPE_NAMES.map((name, k) => {
    const samples = new Float32Array(frameCount);
    for (let f = 0; f < frameCount; f++) samples[f] = tracks.coefficients[f * BLENDSHAPE_COUNT + k]!;
    return { name: rigChannelName(name), unit: 'coefficient' as const, samples };
  });
  if (tracks.headAndEyes) {
    const stride = HEAD_EYE_CHANNELS.length;
    const missing = tracks.missingAngles ? headEyeGroupIndices(tracks.missingAngles) : [];
    [...HEAD_CHANNELS, ...EYE_CHANNELS].forEach((name, c) => {
      if (missing.includes(c)) return;
      const samples = new Float32Array(frameCount);
      for (let f = 0; f < frameCount; f++)
        samples[f] = tracks.headAndEyes![f * stride + c]! * LIVE_LINK_ANGLE_TO_DEGREES;
      channels.push({ name, unit: 'degrees', samples });
    });
  }
  return {
    fps: tracks.fps,
    frameCount,
    startSeconds: tracks.startSeconds,
    times: Float64Array.from(tracks.times),
    measured: null,
    channels,
  };
}

/** The set as coefficient tracks for the Live Link writer (angles back to radians, absent ones 0). */
export function toCoefficientTracks(data: TrackSetData): CoefficientTracks {
  const { frameCount } = data;
  const byName = new Map(data.channels.map((channel) => [channel.name, channel.samples]));
  const coefficients = new Float32Array(frameCount * BLENDSHAPE_COUNT);
  ARKIT_BLENDSHAPE_NAMES.forEach((name, k) => {
    const samples = byName.get(rigChannelName(name));
    if (samples) for (let f = 0; f < frameCount; f++) coefficients[f * BLENDSHAPE_COUNT + k] = samples[f]!;
  });
  const angleNames = [...HEAD_CHANNELS, ...EYE_CHANNELS];
  // A video's set has no eye channels: its gaze is in the eyeLook* coefficients. Turn them into
  // eye angles so Live Link's eye columns carry the gaze instead of zeros.
  for (const [name, samples] of eyeAnglesFromGaze(byName, frameCount)) if (!byName.has(name)) byName.set(name, samples);
  const hasAngles = angleNames.some((name) => byName.has(name));
  let headAndEyes: Float32Array | null = null;
  if (hasAngles) {
    const stride = HEAD_EYE_CHANNELS.length;
    headAndEyes = new Float32Array(frameCount * stride);
    angleNames.forEach((name, c) => {
      const samples = byName.get(name);
      if (samples)
        for (let f = 0; f < frameCount; f++) headAndEyes![f * stride + c] = samples[f]! / LIVE_LINK_ANGLE_TO_DEGREES;
    });
  }
  const has = (group: HeadEyeGroup) => headEyeGroupIndices(group).some((c) => byName.has(angleNames[c]!));
  const missingAngles = !hasAngles ? undefined : !has('head') ? 'head' : !has('eyes') ? 'eyes' : undefined;
  return {
    fps: data.fps,
    frameCount,
    times: data.times,
    startSeconds: data.startSeconds,
    coefficients,
    headAndEyes,
    ...(missingAngles ? { missingAngles } : {}),
  };
}

/**
 * Eye yaw and pitch (degrees) per eye from the gaze coefficients, with the rig's angles per shape
 * (GAZE_DEGREES) and its head convention: yaw > 0 turns towards the subject's left (the left eye
 * looking out, the right eye looking in), pitch > 0 looks up. Roll stays 0 (eyes do not roll in
 * the rig). Empty when the set has no gaze channels. The sign convention, like the head's, is not
 * yet checked against a Live Link capture (docs/tracks.md).
 */
export function eyeAnglesFromGaze(
  byName: ReadonlyMap<string, Float32Array>,
  frameCount: number,
): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const gaze = (name: ArkitBlendshapeName) => byName.get(rigChannelName(name));
  for (const side of ['Left', 'Right'] as const) {
    const lookIn = gaze(`eyeLookIn${side}`);
    const lookOut = gaze(`eyeLookOut${side}`);
    const up = gaze(`eyeLookUp${side}`);
    const down = gaze(`eyeLookDown${side}`);
    if (!lookIn || !lookOut || !up || !down) continue;
    // Looking out turns the left eye towards the subject's left, the right eye towards the right.
    const outwards = side === 'Left' ? 1 : -1;
    const yaw = new Float32Array(frameCount);
    const pitch = new Float32Array(frameCount);
    for (let f = 0; f < frameCount; f++) {
      yaw[f] = outwards * (lookOut[f]! - lookIn[f]!) * GAZE_DEGREES.sideways;
      pitch[f] = up[f]! * GAZE_DEGREES.up - down[f]! * GAZE_DEGREES.down;
    }
    out.set(`eyes.${side}EyeYaw`, yaw);
    out.set(`eyes.${side}EyePitch`, pitch);
  }
  return out;
}
