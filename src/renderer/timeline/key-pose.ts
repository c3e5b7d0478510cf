import { evaluateKeyframes, type ParameterId, type Track } from '../../shared/timeline';
import type { RigValues } from '../rig/rig-values';
import { sceneKeyTimes, withKey, withKeys } from './auto-key';
import { controlOf, controlValue, TIMELINE_GROUPS } from './parameters';

/** Closer than this, two values (or two key times) are the same. */
const SAME = 1e-9;

export interface PoseKeyInput {
  tracks: readonly Track[];
  /** Tracks picked in the track list; empty keys the whole pose. */
  picked: readonly ParameterId[];
  /** What the rig panel shows at the playhead (static values with the animated ones applied). */
  shown: RigValues;
  /** The photo's fitted expression and head: what a control the user never touched shows. */
  baseline: RigValues;
  time: number;
  /** A layer alpha's or the source frame's value where it has no keys (a picked row without a track). */
  layerStatic(parameter: ParameterId): number;
}

/**
 * K: keys at `time` with the values shown now. With tracks picked, only those. Otherwise the
 * whole pose, as a pose-to-pose animator expects: every animated track and every rig control whose
 * shown value differs from the baseline. A control keyed for the first time in a scene that already
 * has keys at other times also gets keys there, holding the baseline: under this rule a control
 * without keys equalled the baseline whenever an earlier K was pressed, so the earlier poses keep
 * their look (otherwise its new value, static, would show in every one of them).
 */
export function keyPose(input: PoseKeyInput): { tracks: Track[]; keyed: ParameterId[] } {
  const { tracks, picked, shown, baseline, time } = input;
  const animated = tracks.filter((track) => track.keyframes.length > 0).map((track) => track.parameter);
  const keyed: ParameterId[] = picked.length > 0 ? [...picked] : [...animated];
  const firstKeyed = new Set<ParameterId>();
  if (picked.length === 0) {
    const already = new Set(animated);
    for (const row of TIMELINE_GROUPS.flatMap((group) => group.rows)) {
      if (already.has(row.parameter)) continue;
      if (Math.abs(controlValue(shown, row.control) - controlValue(baseline, row.control)) <= SAME) continue;
      keyed.push(row.parameter);
      firstKeyed.add(row.parameter);
    }
  }
  const otherTimes = sceneKeyTimes(tracks).filter((other) => Math.abs(other - time) > SAME);
  let next: Track[] = [...tracks];
  for (const parameter of keyed) {
    const control = controlOf(parameter);
    const track = next.find((candidate) => candidate.parameter === parameter);
    if (control && firstKeyed.has(parameter))
      next = withKeys(next, parameter, otherTimes, controlValue(baseline, control));
    const value = control
      ? controlValue(shown, control)
      : (evaluateKeyframes(track?.keyframes ?? [], time) ?? input.layerStatic(parameter));
    next = withKey(next, parameter, time, value);
  }
  return { tracks: next, keyed };
}
