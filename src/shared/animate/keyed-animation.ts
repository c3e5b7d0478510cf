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
}

/**
 * Per-frame channels through a list of target states: natural in-betweening (inbetween.ts) between
 * consecutive keys, the first state held before the first key and the last after the last, and idle
 * motion added on top. Without idle, the frame at each key's time equals its state exactly (keys on
 * frame boundaries). Deterministic for a seed. What `mien animate` bakes into a scene's tracks.
 */
export function animateThroughStates(states: readonly TimedState[], options: KeyedAnimationOptions): FrameChannels {
  const { fps, duration } = options;
  if (states.length === 0) throw new Error('animateThroughStates needs at least one state.');
  if (!(duration > 0) || !(fps > 0)) throw new Error('animateThroughStates: duration and fps must be positive.');
  const sorted = [...states].sort((a, b) => a.time - b.time);
  for (let i = 1; i < sorted.length; i++) {
    if (!(sorted[i]!.time > sorted[i - 1]!.time)) throw new Error(`Two keys at ${sorted[i]!.time} s.`);
  }
  const frameCount = frameAt(duration, fps) + 1;
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
    const segment = inbetween(from.values, to.values, { fps, duration: to.time - from.time, seed: seed + i });
    for (const [parameter, values] of Object.entries(segment.channels) as Array<[ParameterId, Float32Array]>) {
      const target = channels[parameter]!;
      for (let frame = 0; frame < values.length && first + frame < frameCount; frame++) {
        target[first + frame] = values[frame]!;
      }
    }
  }
  const last = sorted.at(-1)!;
  for (let frame = Math.max(0, frameAt(last.time, fps)); frame < frameCount; frame++) {
    for (const parameter of parameters) channels[parameter]![frame] = last.values[parameter] ?? 0;
  }

  const amount = options.idle ?? 0;
  if (amount > 0) {
    const idle = generateIdle({ fps, duration, amount, seed });
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
