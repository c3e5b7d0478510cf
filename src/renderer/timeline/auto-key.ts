import { ARKIT_BLENDSHAPE_NAMES } from '../../shared/rig';
import { setKey, SOURCE_FRAME_PARAMETER, type ParameterId, type Track } from '../../shared/timeline';
import { linkedPartner, type RigControl } from '../rig/rig-groups';
import type { RigValues } from '../rig/rig-values';
import { controlValue, parameterOf } from './parameters';
import { HEAD_AXES } from '../../shared/rig';

const ALL_CONTROLS: readonly RigControl[] = [
  ...ARKIT_BLENDSHAPE_NAMES.map((name): RigControl => ({ kind: 'shape', name })),
  ...HEAD_AXES.map((name): RigControl => ({ kind: 'head', name })),
];

/**
 * Auto-key: splits an edit of what the rig panel shows (`shown` -> `to`) into the static rig state
 * and keys. A control whose parameter has a track gets a key at `time` (a new one, or the value of
 * the key already there); one without a track stays static and its value goes to the rig state.
 * With left and right linked, twins stay together: a control without keys whose twin is animated is
 * keyed too, holding at the scene's other key times the value it showed there (its static value, or
 * the one an earlier edit replaced: `replaced`, key-pose.ts). Otherwise a linked edit would move one
 * side at the playhead only and the other side in every frame, and the other poses would show one
 * brow raised.
 */
export function splitRigEdit(
  staticValues: RigValues,
  shown: RigValues,
  to: RigValues,
  tracks: readonly Track[],
  time: number,
  options: { linked?: boolean; replaced?: Readonly<Partial<Record<ParameterId, number>>> } = {},
): { staticTo: RigValues; tracksTo: Track[] | null } {
  const animated = new Set(tracks.filter((track) => track.keyframes.length > 0).map((track) => track.parameter));
  const otherTimes = sceneKeyTimes(tracks).filter((other) => Math.abs(other - time) > 1e-9);
  const coefficients = { ...staticValues.coefficients };
  const head = { ...staticValues.head };
  let next: Track[] | null = null;
  for (const control of ALL_CONTROLS) {
    const value = controlValue(to, control);
    const before = controlValue(shown, control);
    const parameter = parameterOf(control);
    if (animated.has(parameter)) {
      if (value === before) continue;
      next = withKey(next ?? [...tracks], parameter, time, value);
    } else if (options.linked && value !== before && twinIsAnimated(control, animated)) {
      next = withKeys(next ?? [...tracks], parameter, otherTimes, options.replaced?.[parameter] ?? before);
      next = withKey(next, parameter, time, value);
    } else if (control.kind === 'head') head[control.name] = value;
    else coefficients[control.name] = value;
  }
  return { staticTo: { coefficients, head }, tracksTo: next };
}

function twinIsAnimated(control: RigControl, animated: ReadonlySet<ParameterId>): boolean {
  const twin = control.kind === 'shape' ? linkedPartner(control.name) : null;
  return twin !== null && animated.has(parameterOf({ kind: 'shape', name: twin }));
}

/** Every time at which some track of the scene has a key, ascending, each once. */
export function sceneKeyTimes(tracks: readonly Track[]): number[] {
  const times = tracks.flatMap((track) => track.keyframes.map((key) => key.time)).sort((a, b) => a - b);
  return times.filter((time, index) => index === 0 || time - times[index - 1]! > 1e-9);
}

/** Keys holding `value` at each of `times` on a parameter's track (made when there is none). */
export function withKeys(
  tracks: readonly Track[],
  parameter: ParameterId,
  times: readonly number[],
  value: number,
): Track[] {
  let next = [...tracks];
  for (const time of times) next = withKey(next, parameter, time, value);
  return next;
}

/**
 * Sets a key on a parameter's track (making the track when there is none); returns the new list.
 * The source frame is a whole frame stepped from key to key: its keys are whole numbers and hold.
 */
export function withKey(tracks: readonly Track[], parameter: ParameterId, time: number, value: number): Track[] {
  const index = tracks.findIndex((track) => track.parameter === parameter);
  const stepped = parameter === SOURCE_FRAME_PARAMETER;
  const keyValue = stepped ? Math.max(0, Math.round(value)) : value;
  let keyframes = setKey(index < 0 ? [] : tracks[index]!.keyframes, time, keyValue);
  if (stepped) keyframes = keyframes.map((key) => (key.time === time ? { ...key, type: 'hold' as const } : key));
  if (index < 0) return [...tracks, { parameter, keyframes }];
  const next = [...tracks];
  next[index] = { parameter, keyframes };
  return next;
}
