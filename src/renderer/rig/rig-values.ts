import {
  ARKIT_BLENDSHAPE_NAMES,
  BUILT_IN_PRESETS,
  presetCoefficients,
  clampHeadRotation,
  ZERO_HEAD,
  type ArkitBlendshapeName,
  type BuiltInPresetId,
  type HeadAxis,
  type HeadRotation,
} from '../../shared/rig';
import type { RigGroupId } from './rig-groups';
import { RIG_GROUPS, linkedPartner, type RigControl } from './rig-groups';

/** What the panel edits: all 52 coefficients and the head rotation. Immutable: edits make new objects. */
export interface RigValues {
  coefficients: Readonly<Record<ArkitBlendshapeName, number>>;
  head: Readonly<HeadRotation>;
}

/**
 * Animated values at the playhead, by control name (an ARKit name or a head axis): they replace
 * the static rig values of the parameters that have a timeline track.
 */
export type AnimatedValues = Readonly<Partial<Record<ArkitBlendshapeName | HeadAxis, number>>>;

/** `values` with the animated ones applied; `values` itself when there are none. */
export function applyOverlay(values: RigValues, overlay: AnimatedValues | null): RigValues {
  if (!overlay) return values;
  const names = Object.keys(overlay) as Array<ArkitBlendshapeName | HeadAxis>;
  if (names.length === 0) return values;
  const coefficients = { ...values.coefficients };
  const head = { ...values.head };
  for (const name of names) {
    const value = overlay[name]!;
    if (name in head) head[name as HeadAxis] = value;
    else coefficients[name as ArkitBlendshapeName] = value;
  }
  return { coefficients, head };
}

export function sameOverlay(a: AnimatedValues | null, b: AnimatedValues | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const names = Object.keys(a) as Array<keyof AnimatedValues>;
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}

/** A value the user asked for that was out of range, and the value used instead. */
export interface ClampNote {
  given: number;
  used: number;
}

/** Clamp notes by control name (a coefficient name or a head axis). */
export type ClampNotes = Readonly<Record<string, ClampNote>>;

export function zeroValues(): RigValues {
  const coefficients = {} as Record<ArkitBlendshapeName, number>;
  for (const name of ARKIT_BLENDSHAPE_NAMES) coefficients[name] = 0;
  return { coefficients, head: { ...ZERO_HEAD } };
}

export function valueOf(values: RigValues, control: RigControl): number {
  return control.kind === 'head' ? values.head[control.name] : values.coefficients[control.name];
}

const clampUnit = (value: number): number => (Number.isNaN(value) ? 0 : Math.min(1, Math.max(0, value)));

/**
 * Sets one control (and its linked twin when `linked`), clamped to its range. Returns the new
 * values and the notes to show: a note for each name whose requested value was clamped, and no
 * note (removed) for a name edited within range.
 */
export function setControl(
  values: RigValues,
  notes: ClampNotes,
  control: RigControl,
  requested: number,
  linked: boolean,
): { values: RigValues; notes: ClampNotes } {
  const nextNotes: Record<string, ClampNote> = { ...notes };
  if (control.kind === 'head') {
    const { head, clamped } = clampHeadRotation({ ...values.head, [control.name]: requested });
    delete nextNotes[control.name];
    for (const note of clamped) nextNotes[note.name] = { given: note.given, used: note.used };
    return { values: { ...values, head }, notes: nextNotes };
  }
  const used = clampUnit(requested);
  const coefficients = { ...values.coefficients };
  const targets = [control.name];
  const partner = linked ? linkedPartner(control.name) : null;
  if (partner) targets.push(partner);
  for (const name of targets) {
    coefficients[name] = used;
    if (used !== requested) nextNotes[name] = { given: requested, used };
    else delete nextNotes[name];
  }
  return { values: { ...values, coefficients }, notes: nextNotes };
}

/** Every control of a group back to the baseline (the photo's fitted values, or rest). */
export function resetGroup(values: RigValues, baseline: RigValues, group: RigGroupId): RigValues {
  const controls = RIG_GROUPS.find((candidate) => candidate.id === group)?.controls ?? [];
  const coefficients = { ...values.coefficients };
  const head = { ...values.head };
  for (const control of controls) {
    if (control.kind === 'head') head[control.name] = baseline.head[control.name];
    else coefficients[control.name] = baseline.coefficients[control.name];
  }
  return { coefficients, head };
}

/** One control back to its baseline value (double-click), and its left/right twin too when `linked`. */
export function resetControl(values: RigValues, baseline: RigValues, control: RigControl, linked = false): RigValues {
  if (control.kind === 'head')
    return { ...values, head: { ...values.head, [control.name]: baseline.head[control.name] } };
  const coefficients = { ...values.coefficients, [control.name]: baseline.coefficients[control.name] };
  const partner = linked ? linkedPartner(control.name) : null;
  if (partner) coefficients[partner] = baseline.coefficients[partner];
  return { ...values, coefficients };
}

/**
 * Reads a typed value ("0,4", "12°", " .5 "). Returns the number, or the sentence saying why the
 * text is not one (shown beside the field instead of silently keeping the old value).
 */
export function parseTypedValue(typed: string, control: RigControl): { value: number } | { problem: string } {
  const text = typed.trim().replace(',', '.').replace(/°$/, '');
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    const unit = control.kind === 'head' ? 'an angle in degrees, e.g. 12' : 'a number from 0 to 1, e.g. 0.4';
    return { problem: `“${typed.trim()}” is not a number: type ${unit}.` };
  }
  return { value };
}

/**
 * A preset replaces the whole expression and keeps the head and (unless it names it) the gaze:
 * presets are expressions, not poses (presetCoefficients). Values are clamped with notes like any
 * other edit.
 */
export function applyPreset(
  values: RigValues,
  preset: Partial<Record<ArkitBlendshapeName, number>>,
): { values: RigValues; notes: ClampNotes } {
  const asked = presetCoefficients(values.coefficients, preset);
  const coefficients = {} as Record<ArkitBlendshapeName, number>;
  const notes: Record<string, ClampNote> = {};
  for (const name of ARKIT_BLENDSHAPE_NAMES) {
    const requested = asked[name];
    const used = clampUnit(requested);
    coefficients[name] = used;
    if (used !== requested) notes[name] = { given: requested, used };
  }
  return { values: { coefficients, head: values.head }, notes };
}

export function builtInPresetValues(values: RigValues, id: BuiltInPresetId): RigValues {
  const preset = BUILT_IN_PRESETS.find((candidate) => candidate.id === id);
  return applyPreset(values, preset?.coefficients ?? {}).values;
}

/** Two value sets are the same edit (no undo step for a click that changes nothing). */
export function sameValues(a: RigValues, b: RigValues): boolean {
  if (a.head.yawDeg !== b.head.yawDeg || a.head.pitchDeg !== b.head.pitchDeg || a.head.rollDeg !== b.head.rollDeg)
    return false;
  return ARKIT_BLENDSHAPE_NAMES.every((name) => a.coefficients[name] === b.coefficients[name]);
}

/** Coefficients in ARKit order, for morph target influences. */
export function coefficientVector(
  values: RigValues,
  out = new Float32Array(ARKIT_BLENDSHAPE_NAMES.length),
): Float32Array {
  ARKIT_BLENDSHAPE_NAMES.forEach((name, k) => (out[k] = values.coefficients[name]));
  return out;
}

/** "1.40 → 1.00" for a clamped coefficient, "80° → 45°" for a head angle. */
export function describeClamp(control: RigControl, note: ClampNote): string {
  if (control.kind === 'head') return `${Math.round(note.given)}° clamped to ${Math.round(note.used)}°`;
  const given = Number.isFinite(note.given) ? note.given.toFixed(2) : String(note.given);
  return `${given} clamped to ${note.used.toFixed(2)}`;
}

/** How a value reads next to its slider. */
export function formatControlValue(control: RigControl, value: number): string {
  return control.kind === 'head' ? `${Math.round(value)}°` : value.toFixed(2);
}
