import type { TrackSetValues } from '../../shared/api/tracks';
import { HEAD_LIMITS_DEG, type HeadAxis } from '../../shared/rig';
import type { ParameterId } from '../../shared/timeline';
import { controlOf, controlValue } from './parameters';
import type { RigValues } from '../rig/rig-values';

export type MotionMode = 'relative' | 'absolute';

/**
 * A track set's channels as timeline values for this portrait (docs/tracks.md's retargeting):
 * 'relative' adds the driver's change from its own rest (each coefficient's minimum over the set;
 * the head's median pose) to the portrait's static values, 'absolute' takes the driver's values.
 * Coefficients stay in 0..1 and angles within the rig's limits. Channels the rig has no control
 * for (Live Link's eye rotations), and channels that never leave the portrait's own value, are left
 * out.
 */
export function motionChannels(
  set: TrackSetValues,
  portrait: RigValues,
  options: { mode: MotionMode; includeHead: boolean },
): Array<{ parameter: ParameterId; values: Float32Array }> {
  const out: Array<{ parameter: ParameterId; values: Float32Array }> = [];
  for (const channel of set.channels) {
    const control = controlOf(channel.name);
    if (!control || (control.kind === 'head' && !options.includeHead)) continue;
    const source = channel.values;
    const values = new Float32Array(source.length);
    if (control.kind === 'shape') {
      let rest = 0;
      if (options.mode === 'relative') {
        rest = Infinity;
        for (const value of source) rest = Math.min(rest, value);
      }
      const base = options.mode === 'relative' ? controlValue(portrait, control) : 0;
      for (let i = 0; i < source.length; i++) values[i] = Math.min(1, Math.max(0, base + source[i]! - rest));
    } else {
      const axis = control.name as HeadAxis;
      const rest = options.mode === 'relative' ? median(source) : 0;
      const base = options.mode === 'relative' ? portrait.head[axis] : 0;
      const limit = HEAD_LIMITS_DEG[axis];
      for (let i = 0; i < source.length; i++) values[i] = Math.min(limit, Math.max(-limit, base + source[i]! - rest));
    }
    // A channel that never leaves the portrait's own value would only add keys that change nothing.
    const own = controlValue(portrait, control);
    if (values.every((value) => Math.abs(value - own) < 1e-4)) continue;
    out.push({ parameter: channel.name as ParameterId, values });
  }
  return out;
}

function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
