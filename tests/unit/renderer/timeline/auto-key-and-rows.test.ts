import { describe, expect, it } from 'vitest';
import { applyEasing, evaluateKeyframes, makeKeyframe, type Track } from '../../../../src/shared/timeline';
import { splitRigEdit, withKey } from '../../../../src/renderer/timeline/auto-key';
import { animatedValuesAt, sceneValuesAt } from '../../../../src/renderer/timeline/parameters';
import { valuesKey } from '../../../../src/renderer/preview/frame-cache';
import {
  keysAtTime,
  keysInBox,
  visibleRows,
  GROUP_ROW_HEIGHT,
  TRACK_ROW_HEIGHT,
} from '../../../../src/renderer/timeline/timeline-rows';
import { applyOverlay, zeroValues, type RigValues } from '../../../../src/renderer/rig/rig-values';

const withCoefficient = (values: RigValues, name: 'jawOpen' | 'mouthSmileLeft', value: number): RigValues => ({
  ...values,
  coefficients: { ...values.coefficients, [name]: value },
});

describe('auto-key', () => {
  const jaw: Track = {
    parameter: 'rig.jawOpen',
    keyframes: [makeKeyframe(0, 0, { id: 'a' }), makeKeyframe(1, 0.6, { id: 'b' })],
  };

  it('a parameter with a track gets a key at the playhead; one without stays static', () => {
    const staticValues = withCoefficient(zeroValues(), 'mouthSmileLeft', 0.1);
    const shown = applyOverlay(staticValues, animatedValuesAt([jaw], 0.5));
    expect(shown.coefficients.jawOpen).toBeCloseTo(0.3, 12);
    // The user moves jaw (animated) and smile (static).
    const to = withCoefficient(withCoefficient(shown, 'jawOpen', 0.9), 'mouthSmileLeft', 0.4);
    const { staticTo, tracksTo } = splitRigEdit(staticValues, shown, to, [jaw], 0.5);
    expect(staticTo.coefficients.mouthSmileLeft).toBe(0.4);
    expect(staticTo.coefficients.jawOpen).toBe(0);
    expect(tracksTo![0]!.keyframes.map((k) => [k.time, k.value])).toEqual([
      [0, 0],
      [0.5, 0.9],
      [1, 0.6],
    ]);
  });

  it('an edit that leaves animated values alone adds no key', () => {
    const shown = applyOverlay(zeroValues(), animatedValuesAt([jaw], 0.5));
    const to = withCoefficient(shown, 'mouthSmileLeft', 0.4);
    expect(splitRigEdit(zeroValues(), shown, to, [jaw], 0.5).tracksTo).toBeNull();
  });

  it('withKey makes a track, or replaces the value of a key already at that time keeping its id', () => {
    expect(withKey([], 'head.yawDeg', 0, 10)[0]!.keyframes[0]!.value).toBe(10);
    const next = withKey([jaw], 'rig.jawOpen', 1, 0.2);
    expect(next[0]!.keyframes[1]).toMatchObject({ id: 'b', value: 0.2 });
  });

  it('animated values clamp coefficients to 0..1 and angles to the rig limits (overshooting curves)', () => {
    const back: Track = {
      parameter: 'rig.jawOpen',
      keyframes: applyEasing([makeKeyframe(0, 0), makeKeyframe(1, 1)], 0, 'back'),
    };
    expect(evaluateKeyframes(back.keyframes, 0.7)).toBeGreaterThan(1.05);
    const yaw: Track = { parameter: 'head.yawDeg', keyframes: [makeKeyframe(0, 80)] };
    const values = animatedValuesAt([back, yaw], 0.7);
    expect(values.jawOpen).toBe(1);
    expect(values.yawDeg).toBe(45);
  });
});

describe('what the preview shows is what playback renders ahead and what the export renders', () => {
  it('the panel’s shown values and the scene-frame values have the same cache key at every frame', () => {
    const staticValues = withCoefficient(zeroValues(), 'mouthSmileLeft', 0.25);
    const tracks: Track[] = [
      { parameter: 'rig.jawOpen', keyframes: applyEasing([makeKeyframe(0, 0), makeKeyframe(1, 0.9)], 0, 'back') },
      { parameter: 'head.yawDeg', keyframes: [makeKeyframe(0, -50), makeKeyframe(1, 20)] },
    ];
    for (let frame = 0; frame <= 30; frame++) {
      const t = frame / 30;
      const shown = applyOverlay(staticValues, animatedValuesAt(tracks, t));
      expect(valuesKey(shown)).toBe(valuesKey(sceneValuesAt(staticValues, tracks, t)));
    }
  });
});

describe('dope sheet rows', () => {
  const tracks: Track[] = [
    { parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0, { id: 'j0' }), makeKeyframe(1, 1, { id: 'j1' })] },
    { parameter: 'rig.mouthSmileLeft', keyframes: [makeKeyframe(1, 1, { id: 's1' })] },
    { parameter: 'head.yawDeg', keyframes: [] },
  ];

  it('groups like the rig panel, animated only, with summary key times', () => {
    const { rows, height } = visibleRows(tracks, new Set(), true);
    expect(rows.map((row) => (row.kind === 'group' ? row.group.id : row.row.parameter))).toEqual([
      'jaw',
      'rig.jawOpen',
      'mouth',
      'rig.mouthSmileLeft',
    ]);
    const mouthGroup = rows[2]!;
    expect(mouthGroup.kind === 'group' && mouthGroup.keyTimes).toEqual([1]);
    expect(height).toBe(2 * GROUP_ROW_HEIGHT + 2 * TRACK_ROW_HEIGHT);
    const collapsed = visibleRows(tracks, new Set(['jaw']), true).rows;
    expect(collapsed.map((row) => row.kind)).toEqual(['group', 'group', 'track']);
    // Every parameter: 9 rig groups with 55 rows, and the Layers group with 6 alphas (expression detail included) and the source frame.
    expect(visibleRows(tracks, new Set(), false).rows.length).toBe(9 + 55 + 1 + 7);
  });

  it('box selection takes track keys in the box and all keys of a group row in the box', () => {
    const { rows } = visibleRows(tracks, new Set(), true);
    // The jaw track row only, 0.5..1.5 s.
    expect(keysInBox(rows, 0.5, 1.5, GROUP_ROW_HEIGHT + 2, GROUP_ROW_HEIGHT + 10)).toEqual(['rig.jawOpen|j1']);
    // Everything.
    expect(keysInBox(rows, 0, 2, 0, 1000).sort()).toEqual([
      'rig.jawOpen|j0',
      'rig.jawOpen|j1',
      'rig.mouthSmileLeft|s1',
    ]);
    expect(keysAtTime(tracks, 1).sort()).toEqual(['rig.jawOpen|j1', 'rig.mouthSmileLeft|s1']);
  });
});
