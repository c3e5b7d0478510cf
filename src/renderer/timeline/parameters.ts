import { HEAD_AXES, type ArkitBlendshapeName, type HeadAxis } from '../../shared/rig';
import { sceneStateAt, type ParameterId, type SceneStatics, type Track } from '../../shared/timeline';
import { controlLabel, RIG_GROUPS, type RigControl, type RigGroupId } from '../rig/rig-groups';
import { zeroValues, type AnimatedValues, type RigValues } from '../rig/rig-values';

/**
 * The link between rig controls (sliders) and timeline parameters: 'rig.<ARKit name>' for a
 * coefficient, 'head.<axis>' for a head angle (docs/timeline.md). The dope sheet groups rows
 * exactly like the rig panel (rig-groups.ts), so a row sits where its slider does.
 */
export const parameterOf = (control: RigControl): ParameterId =>
  control.kind === 'head' ? (`head.${control.name}` as ParameterId) : (`rig.${control.name}` as ParameterId);

/** The rig control a parameter animates; null for layer alphas and the source frame. */
export function controlOf(parameter: string): RigControl | null {
  if (parameter.startsWith('rig.')) return { kind: 'shape', name: parameter.slice(4) as ArkitBlendshapeName };
  if (parameter.startsWith('head.')) {
    const axis = parameter.slice(5) as HeadAxis;
    return (HEAD_AXES as readonly string[]).includes(axis) ? { kind: 'head', name: axis } : null;
  }
  return null;
}

/** A dope sheet row: a rig control's parameter, or (control null) a layer alpha or the source frame. */
export interface TimelineRow {
  parameter: ParameterId;
  label: string;
  control: RigControl | null;
}

export interface RigTimelineRow extends TimelineRow {
  control: RigControl;
}

/** The rig's groups, and 'layers' (layer-rows.ts) for the expression-transfer alphas and source frame. */
export type TimelineGroupId = RigGroupId | 'layers';

export interface TimelineGroup {
  id: TimelineGroupId;
  label: string;
  rows: readonly TimelineRow[];
}

export interface RigTimelineGroup extends TimelineGroup {
  id: RigGroupId;
  rows: RigTimelineRow[];
}

/** The rig's parameters grouped as in the rig panel (the Layers group comes after them: layer-rows.ts). */
export const TIMELINE_GROUPS: readonly RigTimelineGroup[] = RIG_GROUPS.map((group) => ({
  id: group.id,
  label: group.label,
  rows: group.controls.map((control) => ({ parameter: parameterOf(control), label: controlLabel(control), control })),
}));

const ROW_BY_PARAMETER = new Map(TIMELINE_GROUPS.flatMap((group) => group.rows.map((row) => [row.parameter, row])));

/** The rig row of a parameter; undefined for layer alphas and the source frame (layerRowOf). */
export const rowOf = (parameter: string): RigTimelineRow | undefined => ROW_BY_PARAMETER.get(parameter as ParameterId);

/** Current value of a control in rig values. */
export function controlValue(values: RigValues, control: RigControl): number {
  return control.kind === 'head' ? values.head[control.name] : values.coefficients[control.name];
}

const ZERO_STATICS: SceneStatics = {
  coefficients: zeroValues().coefficients,
  head: zeroValues().head,
  layerMix: {},
  sourceFrame: null,
};

/**
 * The animated rig values at time t: every rig/head track with keys, as the shared scene-frame
 * function computes them for export (clamped to what the generator accepts), so a frame previewed
 * is the frame exported.
 */
export function animatedValuesAt(tracks: readonly Track[], t: number): AnimatedValues {
  const state = sceneStateAt(ZERO_STATICS, tracks, t);
  const values: Partial<Record<ArkitBlendshapeName | HeadAxis, number>> = {};
  for (const track of tracks) {
    const control = controlOf(track.parameter);
    if (!control || track.keyframes.length === 0) continue;
    values[control.name] = control.kind === 'head' ? state.head[control.name] : state.coefficients[control.name];
  }
  return values;
}

/** The rig values a scene renders at time t: the static rig state with the animated parameters applied. */
export function sceneValuesAt(staticValues: RigValues, tracks: readonly Track[], t: number): RigValues {
  const { coefficients, head } = sceneStateAt({ ...staticValues, layerMix: {}, sourceFrame: null }, tracks, t);
  return { coefficients, head };
}

/** Parameters that are animated (a track with at least one key). */
export function animatedParameters(tracks: readonly Track[]): Set<ParameterId> {
  return new Set(tracks.filter((track) => track.keyframes.length > 0).map((track) => track.parameter));
}
