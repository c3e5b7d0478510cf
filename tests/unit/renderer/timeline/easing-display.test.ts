import { describe, expect, it } from 'vitest';
import {
  applyEasing,
  EASING_PRESETS,
  evaluateKeyframes,
  makeKeyframe,
  PRESET_BEZIERS,
  type BezierHandles,
  type Keyframe,
} from '../../../../src/shared/timeline';
import {
  easingUndoLabel,
  isLinearSegment,
  presetOf,
  shownHandles,
} from '../../../../src/renderer/timeline/easing-display';

/** The segment's handles as the easing editor reads them: a's right handle, b's left. */
const segmentHandles = (a: Keyframe, b: Keyframe): BezierHandles => [
  a.handles[2],
  a.handles[3],
  b.handles[0],
  b.handles[1],
];

describe('easing editor readout', () => {
  it('a segment between two new keys reads as the linear preset, handles at the thirds', () => {
    const a = makeKeyframe(0, 0);
    const b = makeKeyframe(1, 1);
    const handles = segmentHandles(a, b);
    // Before: (1, 1, 0, 0), control points at the opposite corners, and no preset matched.
    expect(handles.map((value) => Number(value.toFixed(2)))).toEqual([0.33, 0.33, 0.67, 0.67]);
    expect(presetOf(handles)).toBe('linear');
    expect(evaluateKeyframes([a, b], 0.25)).toBe(0.25);
  });

  it('keys stored with the old corner handles still read as linear, shown at the thirds', () => {
    const old: BezierHandles = [1, 1, 0, 0];
    expect(isLinearSegment(old)).toBe(true);
    expect(presetOf(old)).toBe('linear');
    expect(shownHandles(old)).toEqual(PRESET_BEZIERS.linear);
    expect(shownHandles([0.42, 0, 0.58, 1])).toEqual([0.42, 0, 0.58, 1]);
    expect(shownHandles([0, 0, 1, 1])).toEqual(PRESET_BEZIERS.linear);
    // A handle dragged along the diagonal stays where it was dragged (both snapped to the thirds).
    expect(shownHandles([0.1, 0.1, 0.667, 0.667])).toEqual([0.1, 0.1, 0.667, 0.667]);
  });

  it('each one-curve preset, applied, shows as itself', () => {
    for (const preset of ['linear', 'ease', 'ease-in', 'ease-out', 'ease-in-out', 'back'] as const) {
      const [a, b] = applyEasing([makeKeyframe(0, 0), makeKeyframe(1, 1)], 0, preset);
      expect(presetOf(segmentHandles(a!, b!))).toBe(preset);
    }
    expect(presetOf([0.2, 0.7, 0.3, 0.9])).toBeNull();
  });

  it('undo labels read naturally: no word twice in a row', () => {
    expect(easingUndoLabel('ease-in')).toBe('set easing to ease in');
    expect(easingUndoLabel('ease-in-out')).toBe('set easing to ease in and out');
    expect(easingUndoLabel('linear')).toBe('set easing to linear');
    for (const preset of EASING_PRESETS) {
      const words = `Undo ${easingUndoLabel(preset)}`.toLowerCase().split(' ');
      for (let i = 1; i < words.length; i++) expect(words[i]).not.toBe(words[i - 1]);
    }
  });
});
