import { evaluateKeyframes, type ParameterId, type Track } from '../../shared/timeline';
import type { RigValues } from '../rig/rig-values';
import { sceneKeyTimes, withKey, withKeys } from './auto-key';
import { controlOf, controlValue, TIMELINE_GROUPS } from './parameters';
import { useTimelineStore } from './timeline-store';

/** Closer than this, two values (or two key times) are the same. */
const SAME = 1e-9;

/** Static values of rig controls as they were under a scene's keys, by parameter (see `rememberReplacedStatics`). */
export interface ReplacedStatics {
  sceneId: string;
  values: Readonly<Partial<Record<ParameterId, number>>>;
}

export interface PoseKeyInput {
  tracks: readonly Track[];
  /** Tracks picked in the track list; empty keys the whole pose. */
  picked: readonly ParameterId[];
  /** What the rig panel shows at the playhead (static values with the animated ones applied). */
  shown: RigValues;
  /** The photo's fitted expression and head: what a control the user never touched shows. */
  baseline: RigValues;
  /** The rig's static state: what a control without keys shows at every time. */
  staticValues: RigValues;
  /** Static values an edit at another time replaced, which the scene's keys showed (`rememberReplacedStatics`). */
  replaced: ReplacedStatics['values'];
  time: number;
  /** A layer alpha's or the source frame's value where it has no keys (a picked row without a track). */
  layerStatic(parameter: ParameterId): number;
}

/**
 * K: keys at `time` with the values shown now. With tracks picked, only those. Otherwise the
 * whole pose, as a pose-to-pose animator expects: every animated track and every rig control whose
 * shown value differs from the baseline. A control keyed for the first time in a scene that already
 * has keys at other times also gets keys there, holding the value it showed there, so the earlier
 * (and later) poses keep their look; without them its new value, static until now, would show in
 * every pose. That value is its static value from before an edit at another time replaced it
 * (`replaced`), else its static value. For poses made with K it is the baseline: this rule keys
 * every control off the baseline, so one without keys equalled the baseline at each earlier K.
 */
export function keyPose(input: PoseKeyInput): { tracks: Track[]; keyed: ParameterId[] } {
  const { tracks, picked, shown, baseline, staticValues, replaced, time } = input;
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
      next = withKeys(next, parameter, otherTimes, replaced[parameter] ?? controlValue(staticValues, control));
    const value = control
      ? controlValue(shown, control)
      : (evaluateKeyframes(track?.keyframes ?? [], time) ?? input.layerStatic(parameter));
    next = withKey(next, parameter, time, value);
  }
  return { tracks: next, keyed };
}

/**
 * A rig edit at `time` changed static values `from` -> `to` while the scene has keys at other
 * times: those keys showed the old values, which nothing else records. Returns `remembered` with the
 * old value of each changed control without keys added (the first one kept: a drag's later steps
 * start from values it already changed).
 */
export function rememberReplacedStatics(
  remembered: ReplacedStatics['values'],
  from: RigValues,
  to: RigValues,
  tracks: readonly Track[],
  time: number,
): ReplacedStatics['values'] {
  if (!sceneKeyTimes(tracks).some((other) => Math.abs(other - time) > SAME)) return remembered;
  const animated = new Set(tracks.filter((track) => track.keyframes.length > 0).map((track) => track.parameter));
  let next = remembered;
  for (const row of TIMELINE_GROUPS.flatMap((group) => group.rows)) {
    const before = controlValue(from, row.control);
    if (animated.has(row.parameter) || row.parameter in next || before === controlValue(to, row.control)) continue;
    next = { ...next, [row.parameter]: before };
  }
  return next;
}

/** What `rememberReplacedStatics` kept for a scene in this session (nothing for another scene). */
export function replacedStaticsOf(sceneId: string): ReplacedStatics['values'] {
  const replaced = useTimelineStore.getState().replacedStatics;
  return replaced?.sceneId === sceneId ? replaced.values : {};
}
