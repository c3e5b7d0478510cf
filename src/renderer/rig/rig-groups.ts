import {
  ARKIT_BLENDSHAPE_NAMES,
  HEAD_AXES,
  HEAD_LIMITS_DEG,
  mirrorBlendshapeName,
  type ArkitBlendshapeName,
  type HeadAxis,
} from '../../shared/rig';

/** One slider: an ARKit coefficient in [0, 1] or a head angle in degrees. */
export type RigControl = { kind: 'shape'; name: ArkitBlendshapeName } | { kind: 'head'; name: HeadAxis };

export type RigGroupId = 'brows' | 'eyes' | 'gaze' | 'cheeks' | 'nose' | 'jaw' | 'mouth' | 'tongue' | 'head';

export interface RigGroup {
  id: RigGroupId;
  label: string;
  controls: RigControl[];
}

/** Which region a shape belongs to (ARKit's own grouping, with gaze split from the lids). */
export function groupOfShape(name: ArkitBlendshapeName): Exclude<RigGroupId, 'head'> {
  if (name.startsWith('brow')) return 'brows';
  if (name.startsWith('eyeLook')) return 'gaze';
  if (name.startsWith('eye')) return 'eyes';
  if (name.startsWith('cheek')) return 'cheeks';
  if (name.startsWith('nose')) return 'nose';
  if (name.startsWith('jaw')) return 'jaw';
  if (name.startsWith('tongue')) return 'tongue';
  return 'mouth';
}

const GROUP_LABELS: Record<RigGroupId, string> = {
  brows: 'Brows',
  eyes: 'Eyes',
  gaze: 'Gaze',
  cheeks: 'Cheeks',
  nose: 'Nose',
  jaw: 'Jaw',
  mouth: 'Mouth',
  tongue: 'Tongue',
  head: 'Head pose',
};

const GROUP_ORDER: RigGroupId[] = ['brows', 'eyes', 'gaze', 'cheeks', 'nose', 'jaw', 'mouth', 'tongue', 'head'];

/** Every control, grouped by region top to bottom of the face; Left before Right within a pair. */
export const RIG_GROUPS: readonly RigGroup[] = GROUP_ORDER.map((id) => ({
  id,
  label: GROUP_LABELS[id],
  controls:
    id === 'head'
      ? HEAD_AXES.map((name): RigControl => ({ kind: 'head', name }))
      : ARKIT_BLENDSHAPE_NAMES.filter((name) => groupOfShape(name) === id).map((name): RigControl => ({
          kind: 'shape',
          name,
        })),
}));

const PREFIXES = ['eyeLook', 'mouth', 'brow', 'cheek', 'nose', 'jaw', 'eye', 'tongue'];

/** Short slider label inside its group: mouthSmileLeft -> "Smile L", eyeLookInRight -> "Look in R". */
export function controlLabel(control: RigControl): string {
  if (control.kind === 'head') return { yawDeg: 'Yaw', pitchDeg: 'Pitch', rollDeg: 'Roll' }[control.name];
  const name = control.name;
  let side = '';
  let stem: string = name;
  if (stem.endsWith('Left') && name !== 'mouthLeft' && name !== 'jawLeft') [stem, side] = [stem.slice(0, -4), ' L'];
  else if (stem.endsWith('Right') && name !== 'mouthRight' && name !== 'jawRight')
    [stem, side] = [stem.slice(0, -5), ' R'];
  const prefix = PREFIXES.find((candidate) => stem.startsWith(candidate) && stem.length > candidate.length);
  const rest = prefix ? stem.slice(prefix.length) : stem;
  const words = rest
    .replace(/([A-Z])/g, ' $1')
    .trim()
    .toLowerCase();
  const lead = prefix === 'eyeLook' ? `look ${words}` : words;
  return lead.charAt(0).toUpperCase() + lead.slice(1) + side;
}

/**
 * The control's whole name for sentences outside its group (undo labels, key buttons):
 * jawOpen -> "jaw open", mouthSmileLeft -> "mouth smile left", yawDeg -> "head yaw". The slider's own
 * label ("Open") leans on the group heading above it, which "Undo adjust Open" does not have.
 */
export function controlFullName(control: RigControl): string {
  if (control.kind === 'head') return `head ${controlLabel(control).toLowerCase()}`;
  return control.name.replace(/([A-Z])/g, ' $1').toLowerCase();
}

/** Slider range and steps: coefficients in [0, 1], head angles in ± their limit in degrees. */
export function controlRange(control: RigControl): { min: number; max: number; step: number; bigStep: number } {
  if (control.kind === 'head') {
    const limit = HEAD_LIMITS_DEG[control.name];
    return { min: -limit, max: limit, step: 1, bigStep: 5 };
  }
  return { min: 0, max: 1, step: 0.01, bigStep: 0.1 };
}

/**
 * The shape that moves with `name` when left/right are linked: its mirror twin, except where the
 * twin would be the opposite motion. jawLeft/jawRight and mouthLeft/mouthRight are one motion in
 * two directions, so they never link; gaze links so both eyes look the same way (the left eye
 * looking in is the right eye looking out).
 */
export function linkedPartner(name: ArkitBlendshapeName): ArkitBlendshapeName | null {
  if (name === 'jawLeft' || name === 'jawRight' || name === 'mouthLeft' || name === 'mouthRight') return null;
  const gaze = /^eyeLook(In|Out)(Left|Right)$/.exec(name);
  if (gaze) {
    const direction = gaze[1] === 'In' ? 'Out' : 'In';
    const side = gaze[2] === 'Left' ? 'Right' : 'Left';
    return `eyeLook${direction}${side}` as ArkitBlendshapeName;
  }
  const twin = mirrorBlendshapeName(name);
  return twin === name ? null : twin;
}

/** A control's stable key for undo merging and DOM ids. */
export const controlKey = (control: RigControl): string => `${control.kind}:${control.name}`;
