import { inbetween, type RigValues as ParameterValues } from '../../shared/animate';
import { evaluateKeyframes, frameTime, type ParameterId, type Track } from '../../shared/timeline';
import type { RigValues } from '../rig/rig-values';
import { bakeChannels, mergeTracks } from './bake';
import { controlOf, controlValue } from './parameters';

const BLINKS: ParameterId[] = ['rig.eyeBlinkLeft', 'rig.eyeBlinkRight'];

/**
 * Natural in-betweening of the segment [t0, t1] (src/shared/animate/inbetween.ts): every animated
 * parameter goes from its value at t0 to its value at t1 on a minimum-jerk path with a small
 * overshoot, eyes, brows and head leading the mouth, and a blink in a long segment (the lids'
 * static value when they are not animated). Baked into keys and put over the segment's keys.
 */
export async function naturalSegment(
  tracks: readonly Track[],
  staticValues: RigValues,
  segment: { t0: number; t1: number; fps: number; seed: number },
): Promise<Track[]> {
  const { t0, t1, fps, seed } = segment;
  const from: ParameterValues = {};
  const to: ParameterValues = {};
  for (const track of tracks) {
    if (track.keyframes.length === 0 || !controlOf(track.parameter)) continue;
    from[track.parameter] = evaluateKeyframes(track.keyframes, t0)!;
    to[track.parameter] = evaluateKeyframes(track.keyframes, t1)!;
  }
  for (const blink of BLINKS) {
    if (from[blink] !== undefined) continue;
    const value = controlValue(staticValues, controlOf(blink)!);
    from[blink] = value;
    to[blink] = value;
  }
  const result = inbetween(from, to, { fps, duration: t1 - t0, seed });
  const channels = (Object.entries(result.channels) as Array<[ParameterId, Float32Array]>)
    // A blink is only added when the segment gets one (its static value otherwise needs no track).
    .filter(
      ([parameter, values]) => !BLINKS.includes(parameter) || result.blinks.length > 0 || values[0] !== values.at(-1),
    )
    .map(([parameter, values]) => ({ parameter, values }));
  // Baked keys sit on the scene's frames: a segment starting between frames (keys from an earlier
  // build) starts at the nearest one, and its own end keys are replaced with the rest.
  const startFrame = Math.round(t0 * fps);
  const baked = await bakeChannels(channels, { fps, startFrame });
  const end = frameTime(startFrame + result.frameCount - 1, fps);
  return mergeTracks(tracks, baked, Math.min(t0, frameTime(startFrame, fps)), Math.max(t1, end));
}
