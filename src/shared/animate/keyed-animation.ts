import { frameAt } from '../timeline/frames';
import type { ParameterId } from '../timeline/keyframe';
import type { FrameChannels, RigValues } from './channels';
import { generateIdle } from './idle';
import { inbetween } from './inbetween';

/** A target expression at a time: the animation passes exactly through it. */
export interface TimedState {
  time: number;
  values: RigValues;
}

export interface KeyedAnimationOptions {
  fps: number;
  /** Seconds; frames 0 .. frameAt(duration). The last key's state holds after it. */
  duration: number;
  /** Idle motion (blinks, head sway, gaze, breathing) added on top; 0 = none. */
  idle?: number;
  seed?: number;
  /**
   * The motion of segment `index` (from one key to the next), instead of natural in-betweening:
   * e.g. a learned motion predictor's rollout, computed beforehand. Must be at `fps`.
   */
  segment?: (index: number, from: RigValues, to: RigValues, duration: number) => FrameChannels;
}

/**
 * Per-frame channels through a list of target states: natural in-betweening (inbetween.ts) between
 * consecutive keys, the first state held before the first key and the last after the last, and idle
 * motion added on top. Without idle, the frame at each key's time equals its state exactly (keys on
 * frame boundaries). Deterministic for a seed. What `mien animate` bakes into a scene's tracks.
 */
export function animateThroughStates(states: readonly TimedState[], options: KeyedAnimationOptions): FrameChannels {
  const { fps } = options;
  const total = options.duration;
  if (states.length === 0) throw new Error('animateThroughStates needs at least one state.');
  if (!(total > 0) || !(fps > 0)) throw new Error('animateThroughStates: duration and fps must be positive.');
  const sorted = [...states].sort((a, b) => a.time - b.time);
  for (let i = 1; i < sorted.length; i++) {
    if (!(sorted[i]!.time > sorted[i - 1]!.time)) throw new Error(`Two keys at ${sorted[i]!.time} s.`);
  }
  const frameCount = frameAt(total, fps) + 1;
  const parameters = new Set<ParameterId>(sorted.flatMap((state) => Object.keys(state.values) as ParameterId[]));
  parameters.add('rig.eyeBlinkLeft');
  parameters.add('rig.eyeBlinkRight');
  const channels: FrameChannels['channels'] = {};
  for (const parameter of parameters) {
    channels[parameter] = new Float32Array(frameCount).fill(sorted[0]!.values[parameter] ?? 0);
  }

  const seed = options.seed ?? 1;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const from = sorted[i]!;
    const to = sorted[i + 1]!;
    const first = frameAt(from.time, fps);
    if (first >= frameCount) break;
    const duration = to.time - from.time;
    const segment = options.segment
      ? options.segment(i, from.values, to.values, duration)
      : inbetween(from.values, to.values, { fps, duration, seed: seed + i });
    if (segment.fps !== fps) throw new Error(`Segment ${i} is at ${segment.fps} fps, the animation at ${fps}.`);
    for (const [parameter, values] of Object.entries(segment.channels) as Array<[ParameterId, Float32Array]>) {
      // A segment may move parameters no key names (a predictor writes all its channels).
      const target = (channels[parameter] ??= new Float32Array(frameCount).fill(sorted[0]!.values[parameter] ?? 0));
      for (let frame = 0; frame < values.length && first + frame < frameCount; frame++) {
        target[first + frame] = values[frame]!;
      }
    }
  }
  const last = sorted.at(-1)!;
  for (let frame = Math.max(0, frameAt(last.time, fps)); frame < frameCount; frame++) {
    for (const parameter of Object.keys(channels) as ParameterId[])
      channels[parameter]![frame] = last.values[parameter] ?? 0;
  }

  const amount = options.idle ?? 0;
  if (amount > 0) {
    const idle = generateIdle({ fps, duration: total, amount, seed });
    for (const [parameter, offsets] of Object.entries(idle.channels) as Array<[ParameterId, Float32Array]>) {
      const target = (channels[parameter] ??= new Float32Array(frameCount));
      const isCoefficient = parameter.startsWith('rig.');
      for (let frame = 0; frame < frameCount; frame++) {
        const value = target[frame]! + offsets[frame]!;
        target[frame] = isCoefficient ? Math.min(1, Math.max(0, value)) : value;
      }
    }
  }
  return { fps, frameCount, channels };
}
