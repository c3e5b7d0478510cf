import { frameAt } from '../timeline/frames';
import type { ParameterId } from '../timeline/keyframe';
import { applyBlinks, type BlinkEvent } from './blink';
import type { FrameChannels, RigValues } from './channels';
import { minimumJerkWithOvershoot } from './min-jerk';
import { seededRandom } from './random';
import { LEADING_REGIONS, regionOf } from './regions';

/**
 * Natural in-betweening of one segment between two rig states (the timeline's "natural" segment
 * option): eyes, brows and head lead and the mouth lags by `leadSeconds`; each parameter follows a
 * minimum-jerk path with a small overshoot; a segment of at least `blinkMinSeconds` gets one blink
 * near its middle. Deterministic for a seed.
 */
export interface InbetweenOptions {
  fps: number;
  /** Segment length in seconds. */
  duration: number;
  /** How far eyes and brows lead the mouth (s); capped at 30% of the segment. Default 0.08. */
  leadSeconds?: number;
  /** Overshoot as a fraction of each parameter's change (0 = none). Default 0.04. */
  overshoot?: number;
  /** Segments at least this long get a blink (s); Infinity for none. Default 1.2. */
  blinkMinSeconds?: number;
  seed?: number;
}

export interface InbetweenResult extends FrameChannels {
  blinks: BlinkEvent[];
}

const BLINK_CHANNELS: ParameterId[] = ['rig.eyeBlinkLeft', 'rig.eyeBlinkRight'];

export function inbetween(from: RigValues, to: RigValues, options: InbetweenOptions): InbetweenResult {
  const { fps, duration } = options;
  if (!(duration > 0) || !(fps > 0)) throw new Error('inbetween: duration and fps must be positive.');
  const lead = Math.min(options.leadSeconds ?? 0.08, 0.3 * duration);
  const overshoot = options.overshoot ?? 0.04;
  const random = seededRandom(options.seed ?? 1);
  const frameCount = frameAt(duration, fps) + 1;
  const parameters = new Set([...Object.keys(from), ...Object.keys(to)] as ParameterId[]);
  const blinkMin = options.blinkMinSeconds ?? 1.2;
  if (duration >= blinkMin) for (const name of BLINK_CHANNELS) parameters.add(name);

  const channels: FrameChannels['channels'] = {};
  for (const parameter of parameters) {
    const a = from[parameter] ?? 0;
    const b = to[parameter] ?? 0;
    const leads = LEADING_REGIONS.has(regionOf(parameter));
    const start = leads ? 0 : lead;
    const end = leads ? duration - lead : duration;
    const isCoefficient = parameter.startsWith('rig.');
    const values = new Float32Array(frameCount);
    for (let frame = 0; frame < frameCount; frame++) {
      const t = frame === frameCount - 1 ? duration : frame / fps;
      const x = (t - start) / (end - start);
      const value = a + (b - a) * minimumJerkWithOvershoot(x, overshoot);
      values[frame] = isCoefficient ? Math.min(1, Math.max(0, value)) : value;
    }
    values[0] = a;
    values[frameCount - 1] = b;
    channels[parameter] = values;
  }

  const blinks: BlinkEvent[] = [];
  if (duration >= blinkMin) {
    const blinkDuration = random.range(0.15, 0.25);
    blinks.push({ start: duration * random.range(0.35, 0.6) - blinkDuration / 2, duration: blinkDuration });
    for (const name of BLINK_CHANNELS) applyBlinks(channels[name]!, fps, blinks);
  }
  return { fps, frameCount, channels, blinks };
}
