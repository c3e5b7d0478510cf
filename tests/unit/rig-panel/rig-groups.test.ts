import { describe, expect, it } from 'vitest';
import { ARKIT_BLENDSHAPE_NAMES } from '../../../src/shared/rig';
import {
  RIG_GROUPS,
  controlFullName,
  controlLabel,
  controlRange,
  groupOfShape,
  linkedPartner,
} from '../../../src/renderer/rig/rig-groups';

describe('rig slider groups', () => {
  it('puts every ARKit shape in exactly one group and the head angles in the last', () => {
    const shapes = RIG_GROUPS.flatMap((group) => group.controls.filter((c) => c.kind === 'shape').map((c) => c.name));
    expect(shapes).toHaveLength(52);
    expect(new Set(shapes)).toEqual(new Set(ARKIT_BLENDSHAPE_NAMES));
    expect(RIG_GROUPS.map((group) => group.id)).toEqual([
      'brows',
      'eyes',
      'gaze',
      'cheeks',
      'nose',
      'jaw',
      'mouth',
      'tongue',
      'head',
    ]);
    expect(RIG_GROUPS.at(-1)!.controls.map((c) => c.name)).toEqual(['yawDeg', 'pitchDeg', 'rollDeg']);
  });

  it('groups by region: gaze apart from the lids, mouthClose with the mouth', () => {
    expect(groupOfShape('eyeLookInLeft')).toBe('gaze');
    expect(groupOfShape('eyeBlinkLeft')).toBe('eyes');
    expect(groupOfShape('jawOpen')).toBe('jaw');
    expect(groupOfShape('mouthClose')).toBe('mouth');
    expect(groupOfShape('tongueOut')).toBe('tongue');
    expect(groupOfShape('noseSneerRight')).toBe('nose');
    const sizes = Object.fromEntries(RIG_GROUPS.map((group) => [group.id, group.controls.length]));
    expect(sizes).toEqual({ brows: 5, eyes: 6, gaze: 8, cheeks: 3, nose: 2, jaw: 4, mouth: 23, tongue: 1, head: 3 });
  });

  it('labels sliders briefly within their group', () => {
    expect(controlLabel({ kind: 'shape', name: 'mouthSmileLeft' })).toBe('Smile L');
    expect(controlLabel({ kind: 'shape', name: 'eyeLookInRight' })).toBe('Look in R');
    expect(controlLabel({ kind: 'shape', name: 'jawOpen' })).toBe('Open');
    expect(controlLabel({ kind: 'shape', name: 'mouthLeft' })).toBe('Left');
    expect(controlLabel({ kind: 'shape', name: 'browInnerUp' })).toBe('Inner up');
    expect(controlLabel({ kind: 'shape', name: 'tongueOut' })).toBe('Out');
    expect(controlLabel({ kind: 'head', name: 'yawDeg' })).toBe('Yaw');
    const labels = RIG_GROUPS.map((group) => group.controls.map(controlLabel));
    for (const groupLabels of labels) expect(new Set(groupLabels).size).toBe(groupLabels.length);
  });

  it('names a control in full outside its group (undo labels): "adjust jaw open", not "adjust Open"', () => {
    expect(controlFullName({ kind: 'shape', name: 'jawOpen' })).toBe('jaw open');
    expect(controlFullName({ kind: 'shape', name: 'mouthSmileLeft' })).toBe('mouth smile left');
    expect(controlFullName({ kind: 'shape', name: 'eyeLookInRight' })).toBe('eye look in right');
    expect(controlFullName({ kind: 'shape', name: 'mouthLeft' })).toBe('mouth left');
    expect(controlFullName({ kind: 'head', name: 'yawDeg' })).toBe('head yaw');
    const names = RIG_GROUPS.flatMap((group) => group.controls.map(controlFullName));
    expect(new Set(names).size).toBe(55);
  });

  it('links mirror twins, gaze so both eyes look the same way, and never the sideways motions', () => {
    expect(linkedPartner('mouthSmileLeft')).toBe('mouthSmileRight');
    expect(linkedPartner('browDownRight')).toBe('browDownLeft');
    expect(linkedPartner('eyeLookInLeft')).toBe('eyeLookOutRight');
    expect(linkedPartner('eyeLookOutRight')).toBe('eyeLookInLeft');
    expect(linkedPartner('eyeLookUpLeft')).toBe('eyeLookUpRight');
    expect(linkedPartner('jawLeft')).toBeNull();
    expect(linkedPartner('mouthRight')).toBeNull();
    expect(linkedPartner('jawOpen')).toBeNull();
    // Linking is symmetric wherever it applies.
    for (const name of ARKIT_BLENDSHAPE_NAMES) {
      const partner = linkedPartner(name);
      if (partner) expect(linkedPartner(partner)).toBe(name);
    }
  });

  it('gives coefficients [0, 1] and head angles their degree limits', () => {
    expect(controlRange({ kind: 'shape', name: 'jawOpen' })).toEqual({ min: 0, max: 1, step: 0.01, bigStep: 0.1 });
    expect(controlRange({ kind: 'head', name: 'yawDeg' })).toMatchObject({ min: -45, max: 45 });
  });
});
