import { describe, expect, it } from 'vitest';
import { BUILT_IN_PRESETS, blendshapeIndex } from '../../../src/shared/rig';
import {
  applyPreset,
  builtInPresetValues,
  coefficientVector,
  describeClamp,
  resetControl,
  resetGroup,
  sameValues,
  setControl,
  zeroValues,
  type RigValues,
} from '../../../src/renderer/rig/rig-values';

const jaw = { kind: 'shape', name: 'jawOpen' } as const;
const smileLeft = { kind: 'shape', name: 'mouthSmileLeft' } as const;
const yaw = { kind: 'head', name: 'yawDeg' } as const;

describe('rig panel edits', () => {
  it('sets one slider without touching the others, immutably', () => {
    const before = zeroValues();
    const { values, notes } = setControl(before, {}, jaw, 0.4, true);
    expect(values.coefficients.jawOpen).toBe(0.4);
    expect(before.coefficients.jawOpen).toBe(0);
    expect(Object.values(values.coefficients).filter((v) => v !== 0)).toEqual([0.4]);
    expect(notes).toEqual({});
  });

  it('moves the twin too when left and right are linked, and only then', () => {
    const linked = setControl(zeroValues(), {}, smileLeft, 0.6, true).values;
    expect([linked.coefficients.mouthSmileLeft, linked.coefficients.mouthSmileRight]).toEqual([0.6, 0.6]);
    const single = setControl(zeroValues(), {}, smileLeft, 0.6, false).values;
    expect([single.coefficients.mouthSmileLeft, single.coefficients.mouthSmileRight]).toEqual([0.6, 0]);
    const gaze = setControl(zeroValues(), {}, { kind: 'shape', name: 'eyeLookInLeft' }, 0.5, true).values;
    expect(gaze.coefficients.eyeLookOutRight).toBe(0.5);
    expect(gaze.coefficients.eyeLookInRight).toBe(0);
  });

  it('clamps out-of-range values and notes the clamp until the value is edited in range', () => {
    const high = setControl(zeroValues(), {}, jaw, 1.4, true);
    expect(high.values.coefficients.jawOpen).toBe(1);
    expect(high.notes).toEqual({ jawOpen: { given: 1.4, used: 1 } });
    expect(describeClamp(jaw, high.notes.jawOpen!)).toBe('1.40 clamped to 1.00');

    const linkedLow = setControl(high.values, high.notes, smileLeft, -0.3, true);
    expect(linkedLow.notes.mouthSmileLeft).toEqual({ given: -0.3, used: 0 });
    expect(linkedLow.notes.mouthSmileRight).toEqual({ given: -0.3, used: 0 });
    expect(linkedLow.notes.jawOpen).toEqual({ given: 1.4, used: 1 });

    const fixed = setControl(linkedLow.values, linkedLow.notes, jaw, 0.5, true);
    expect(fixed.notes.jawOpen).toBeUndefined();

    const head = setControl(zeroValues(), {}, yaw, 80, true);
    expect(head.values.head.yawDeg).toBe(45);
    expect(describeClamp(yaw, head.notes.yawDeg!)).toBe('80° clamped to 45°');
  });

  it('resets a group or one control to the baseline and leaves the rest', () => {
    const baseline: RigValues = {
      coefficients: { ...zeroValues().coefficients, jawOpen: 0.2, browInnerUp: 0.3 },
      head: { yawDeg: 10, pitchDeg: 0, rollDeg: 0 },
    };
    let values = setControl(zeroValues(), {}, jaw, 0.9, true).values;
    values = setControl(values, {}, { kind: 'shape', name: 'browInnerUp' }, 0.8, true).values;
    values = setControl(values, {}, yaw, -20, true).values;

    const jawReset = resetGroup(values, baseline, 'jaw');
    expect(jawReset.coefficients.jawOpen).toBe(0.2);
    expect(jawReset.coefficients.browInnerUp).toBe(0.8);
    expect(jawReset.head.yawDeg).toBe(-20);

    expect(resetGroup(values, baseline, 'head').head.yawDeg).toBe(10);
    expect(resetControl(values, baseline, { kind: 'shape', name: 'browInnerUp' }).coefficients.browInnerUp).toBe(0.3);
  });

  it('applies a preset as a whole expression, keeping the head pose', () => {
    let values = setControl(zeroValues(), {}, { kind: 'shape', name: 'tongueOut' }, 0.7, true).values;
    values = setControl(values, {}, yaw, 12, true).values;
    const smile = builtInPresetValues(values, 'smile');
    expect(smile.coefficients.mouthSmileLeft).toBe(0.7);
    expect(smile.coefficients.mouthSmileRight).toBe(0.7);
    expect(smile.coefficients.tongueOut).toBe(0);
    expect(smile.head.yawDeg).toBe(12);
    expect(sameValues(builtInPresetValues(values, 'neutral'), { ...zeroValues(), head: values.head })).toBe(true);

    const clamped = applyPreset(values, { jawOpen: 2 });
    expect(clamped.values.coefficients.jawOpen).toBe(1);
    expect(clamped.notes).toEqual({ jawOpen: { given: 2, used: 1 } });
  });

  it('keeps the gaze when a preset does not name it: a smile does not turn a sideways look to the camera', () => {
    let values = setControl(zeroValues(), {}, { kind: 'shape', name: 'eyeLookOutLeft' }, 0.4, false).values;
    values = setControl(values, {}, { kind: 'shape', name: 'eyeLookInRight' }, 0.35, false).values;
    const smile = builtInPresetValues(values, 'smile');
    expect(smile.coefficients.eyeLookOutLeft).toBe(0.4);
    expect(smile.coefficients.eyeLookInRight).toBe(0.35);
    expect(smile.coefficients.mouthSmileLeft).toBe(0.7);
    // A preset that names a gaze channel sets it.
    expect(applyPreset(values, { eyeLookOutLeft: 0 }).values.coefficients.eyeLookOutLeft).toBe(0);
  });

  it('has all eleven named presets, every value in range', () => {
    expect(BUILT_IN_PRESETS.map((preset) => preset.id)).toEqual([
      'neutral',
      'smile',
      'grin',
      'surprise',
      'anger',
      'sadness',
      'disgust',
      'fear',
      'wink',
      'kiss',
      'openMouth',
    ]);
    for (const preset of BUILT_IN_PRESETS) {
      for (const value of Object.values(preset.coefficients)) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
    expect(builtInPresetValues(zeroValues(), 'wink').coefficients.eyeBlinkLeft).toBe(1);
    expect(builtInPresetValues(zeroValues(), 'wink').coefficients.eyeBlinkRight).toBe(0);
  });

  it('orders coefficients for morph targets in ARKit order', () => {
    const values = setControl(zeroValues(), {}, jaw, 0.25, true).values;
    const vector = coefficientVector(values);
    expect(vector).toHaveLength(52);
    expect(vector[blendshapeIndex('jawOpen')]).toBeCloseTo(0.25, 6);
    expect([...vector].filter((v) => v !== 0)).toHaveLength(1);
  });
});
