import { ApiError, type RigState } from '../../../shared/api';
import type { RetargetMode } from '../../../shared/api/tracks';
import {
  ARKIT_BLENDSHAPE_NAMES,
  BLENDSHAPE_COUNT,
  IDENTITY_POSE,
  canonicalIdentity,
  clampHeadRotation,
  coefficientsToRecord,
  retarget,
  type HeadPose,
  type HeadRotation,
} from '../../../shared/rig';
import { HEAD_CHANNELS, rigChannelName, type TrackSetData } from './track-set-data';

export interface RetargetedFrame {
  coefficients: Record<(typeof ARKIT_BLENDSHAPE_NAMES)[number], number>;
  head: HeadRotation;
  clamped: Array<{ name: string; given: number; used: number }>;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * One frame of a track set retargeted onto a portrait's rig (src/shared/rig retarget):
 * - source: the portrait's fitted expression and head (rig.get's fit; rest and no turn without a
 *   fit), not its current edits, so applying frame after frame never accumulates;
 * - driver rest, for 'relative': each coefficient's minimum over the measured frames (a clip need
 *   not start at rest, but every muscle is at its least somewhere), and the median head angles;
 * - includePose: the head takes the driver's rotation (relative to that median in 'relative'
 *   mode); without it the portrait's current head angles stay.
 */
export function retargetFrame(
  data: TrackSetData,
  frame: number,
  rig: RigState,
  options: { mode: RetargetMode; includePose: boolean; trackSetName: string },
): RetargetedFrame {
  if (frame >= data.frameCount) {
    throw new ApiError(
      'invalid_request',
      `Track set "${options.trackSetName}" has ${data.frameCount} frames (0-${data.frameCount - 1}); there is no frame ${frame}.`,
    );
  }
  const byName = new Map(data.channels.map((channel) => [channel.name, channel.samples]));
  const measuredFrames = [...Array(data.frameCount).keys()].filter((t) => !data.measured || data.measured[t]);
  const driver = new Float64Array(BLENDSHAPE_COUNT);
  const rest = new Float64Array(BLENDSHAPE_COUNT);
  ARKIT_BLENDSHAPE_NAMES.forEach((name, k) => {
    const samples = byName.get(rigChannelName(name));
    if (!samples) return;
    driver[k] = samples[frame]!;
    rest[k] = Math.min(...measuredFrames.map((t) => samples[t]!));
  });

  const head = HEAD_CHANNELS.map((name) => byName.get(name));
  const hasHead = head.every((samples) => samples !== undefined);
  if (options.includePose && !hasHead) {
    throw new ApiError('invalid_request', `Track set "${options.trackSetName}" has no head rotation to apply.`);
  }
  const poseAt = (angles: number[]): HeadPose => ({
    ...IDENTITY_POSE,
    yawDeg: angles[0]!,
    pitchDeg: angles[1]!,
    rollDeg: angles[2]!,
  });
  const sourcePose: HeadPose = rig.fit ? rig.fit.pose : { ...IDENTITY_POSE };
  const result = retarget(
    {
      identity: canonicalIdentity(),
      coefficients: rig.fit
        ? ARKIT_BLENDSHAPE_NAMES.map((name) => rig.fit!.coefficients[name])
        : new Float64Array(BLENDSHAPE_COUNT),
      pose: sourcePose,
    },
    {
      coefficients: driver,
      neutralCoefficients: rest,
      ...(hasHead
        ? {
            pose: poseAt(head.map((samples) => samples![frame]!)),
            neutralPose: poseAt(head.map((samples) => median(measuredFrames.map((t) => samples![t]!)))),
          }
        : {}),
    },
    {
      mode: options.mode,
      pose: options.includePose ? (options.mode === 'relative' ? 'relative' : 'absolute') : 'none',
    },
  );
  const turned = options.includePose
    ? clampHeadRotation({ yawDeg: result.pose.yawDeg, pitchDeg: result.pose.pitchDeg, rollDeg: result.pose.rollDeg })
    : { head: rig.head, clamped: [] };
  return {
    coefficients: coefficientsToRecord(result.coefficients),
    head: turned.head,
    clamped: [
      ...result.clamped.map(({ name, given, used }) => ({ name, given, used })),
      ...turned.clamped.map(({ name, given, used }) => ({ name, given, used })),
    ],
  };
}
