import { describe, expect, it } from 'vitest';
import { ARKIT_BLENDSHAPE_NAMES, builtInPreset, type ArkitBlendshapeName } from '../../../../src/shared/rig';
import { makeKeyframe, type ParameterId, type Track } from '../../../../src/shared/timeline';
import { splitRigEdit } from '../../../../src/renderer/timeline/auto-key';
import { keyPose, rememberReplacedStatics } from '../../../../src/renderer/timeline/key-pose';
import { animatedValuesAt, sceneValuesAt } from '../../../../src/renderer/timeline/parameters';
import { applyOverlay, applyPreset, zeroValues, type RigValues } from '../../../../src/renderer/rig/rig-values';

/** A fitted expression like the QA portrait's: the right outer brow reads raised, the left does not. */
const BASELINE: RigValues = {
  coefficients: {
    ...zeroValues().coefficients,
    browInnerUp: 0.22,
    browOuterUpRight: 0.47,
    eyeWideRight: 0.1,
    jawOpen: 0.1,
  },
  head: { yawDeg: 0.9, pitchDeg: -2.2, rollDeg: 0.4 },
};

const LAYER_STATIC = () => 1;

/** The timeline as the app holds it: the rig's static state and the tracks. */
interface Scene {
  statics: RigValues;
  tracks: Track[];
  /** What the rig edits remembered (use-rig-edits.ts). */
  replaced: Readonly<Partial<Record<ParameterId, number>>>;
}

const shownAtStatic = (statics: RigValues, tracks: readonly Track[], time: number): RigValues =>
  applyOverlay(statics, animatedValuesAt(tracks, time));
const shownAt = (scene: Scene, time: number): RigValues => shownAtStatic(scene.statics, scene.tracks, time);

/** Clicking a preset with the playhead at `time` (the rig panel's edit, auto-key included). */
function applyPresetAt(scene: Scene, time: number, id: 'smile' | 'surprise', linked: boolean): Scene {
  const shown = shownAt(scene, time);
  const to = applyPreset(shown, builtInPreset(id).coefficients).values;
  const { staticTo, tracksTo } = splitRigEdit(scene.statics, shown, to, scene.tracks, time, {
    linked,
    replaced: scene.replaced,
  });
  return {
    statics: staticTo,
    tracks: tracksTo ?? scene.tracks,
    replaced: rememberReplacedStatics(scene.replaced, scene.statics, staticTo, scene.tracks, time),
  };
}

/** Pressing K with nothing picked. */
function pressK(scene: Scene, time: number): Scene {
  const { tracks } = keyPose({
    tracks: scene.tracks,
    picked: [],
    shown: shownAt(scene, time),
    baseline: BASELINE,
    staticValues: scene.statics,
    replaced: scene.replaced,
    time,
    layerStatic: LAYER_STATIC,
  });
  return { ...scene, tracks };
}

function expectPose(actual: RigValues, expected: RigValues): void {
  for (const name of ARKIT_BLENDSHAPE_NAMES) {
    expect(actual.coefficients[name], name).toBeCloseTo(expected.coefficients[name], 9);
  }
  expect(actual.head.yawDeg).toBeCloseTo(expected.head.yawDeg, 9);
}

const keysOf = (tracks: readonly Track[], parameter: ParameterId): Array<[number, number]> =>
  (tracks.find((track) => track.parameter === parameter)?.keyframes ?? []).map((key) => [key.time, key.value]);

describe('K keys the whole pose (pose to pose)', () => {
  const smile = applyPreset(BASELINE, builtInPreset('smile').coefficients).values;
  const surprise = applyPreset(BASELINE, builtInPreset('surprise').coefficients).values;

  for (const linked of [true, false]) {
    it(`Smile keyed at 0 s, Surprise keyed at 2 s: each time shows its pose exactly (link ${linked ? 'on' : 'off'})`, () => {
      let scene: Scene = { statics: BASELINE, tracks: [], replaced: {} };
      scene = pressK(applyPresetAt(scene, 0, 'smile', linked), 0);
      scene = pressK(applyPresetAt(scene, 2, 'surprise', linked), 2);
      expectPose(sceneValuesAt(scene.statics, scene.tracks, 0), smile);
      expectPose(sceneValuesAt(scene.statics, scene.tracks, 2), surprise);
      // The surprise brows were never keyed at 0 s: they hold the baseline there (the smile's 0 for the
      // left outer brow, whose baseline is 0), on both sides.
      expect(keysOf(scene.tracks, 'rig.browOuterUpLeft')).toEqual([
        [0, 0],
        [2, 0.8],
      ]);
      expect(keysOf(scene.tracks, 'rig.browOuterUpRight')).toEqual([
        [0, 0],
        [2, 0.8],
      ]);
      // Halfway, the pose is between the two (mouth going down, brows going up).
      const half = sceneValuesAt(scene.statics, scene.tracks, 1);
      expect(half.coefficients.mouthSmileLeft).toBeGreaterThan(0.05);
      expect(half.coefficients.mouthSmileLeft).toBeLessThan(0.65);
      expect(half.coefficients.browOuterUpLeft).toBeCloseTo(half.coefficients.browOuterUpRight, 9);
    });
  }

  it('with link on, a preset at another time never leaves the twins apart, even before K', () => {
    let scene: Scene = { statics: BASELINE, tracks: [], replaced: {} };
    scene = pressK(applyPresetAt(scene, 0, 'smile', true), 0);
    // The fitted baseline made only the right outer brow differ: the smile's K keyed it alone.
    expect(keysOf(scene.tracks, 'rig.browOuterUpRight')).toEqual([[0, 0]]);
    expect(keysOf(scene.tracks, 'rig.browOuterUpLeft')).toEqual([]);
    scene = applyPresetAt(scene, 2, 'surprise', true);
    const frame0 = sceneValuesAt(scene.statics, scene.tracks, 0);
    expect(frame0.coefficients.browOuterUpLeft).toBe(0);
    expect(frame0.coefficients.browOuterUpRight).toBe(0);
    const at2 = sceneValuesAt(scene.statics, scene.tracks, 2);
    expect(at2.coefficients.browOuterUpLeft).toBeCloseTo(0.8, 9);
    expect(at2.coefficients.browOuterUpRight).toBeCloseTo(0.8, 9);
  });

  it('keys a control for the first time at every other key time, holding the value an edit there replaced', () => {
    const tracks: Track[] = [
      { parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0.3), makeKeyframe(3, 0.5)] },
      { parameter: 'layer.mouth', keyframes: [makeKeyframe(1, 0.4)] },
    ];
    const shown: RigValues = {
      coefficients: { ...BASELINE.coefficients, jawOpen: 0.4, cheekPuff: 0.6 },
      head: { ...BASELINE.head, yawDeg: 12 },
    };
    // The sliders at 2 s moved cheek puff and yaw (static: no keys) away from the baseline.
    const replaced = rememberReplacedStatics(
      {},
      BASELINE,
      { ...shown, coefficients: { ...shown.coefficients, jawOpen: 0.1 } },
      tracks,
      2,
    );
    expect(replaced).toEqual({ 'rig.cheekPuff': 0, 'head.yawDeg': 0.9 });
    const { tracks: next, keyed } = keyPose({
      tracks,
      picked: [],
      shown,
      baseline: BASELINE,
      staticValues: { ...shown, coefficients: { ...shown.coefficients, jawOpen: 0.1 } },
      replaced,
      time: 2,
      layerStatic: LAYER_STATIC,
    });
    expect(new Set(keyed)).toEqual(new Set(['rig.jawOpen', 'layer.mouth', 'rig.cheekPuff', 'head.yawDeg']));
    expect(keysOf(next, 'rig.jawOpen')).toEqual([
      [0, 0.3],
      [2, 0.4],
      [3, 0.5],
    ]);
    expect(keysOf(next, 'layer.mouth')).toEqual([
      [1, 0.4],
      [2, 0.4],
    ]);
    expect(keysOf(next, 'rig.cheekPuff')).toEqual([
      [0, 0],
      [1, 0],
      [2, 0.6],
      [3, 0],
    ]);
    expect(keysOf(next, 'head.yawDeg')).toEqual([
      [0, 0.9],
      [1, 0.9],
      [2, 12],
      [3, 0.9],
    ]);
    // Controls at their baseline get no track.
    expect(next.some((track) => track.parameter === ('rig.browInnerUp' as ParameterId))).toBe(false);
    expect(tracks[0]!.keyframes).toHaveLength(2);
  });

  it('the first K of a scene keys only what differs from the baseline, and nothing when nothing does', () => {
    const shown: RigValues = { ...BASELINE, coefficients: { ...BASELINE.coefficients, mouthPucker: 0.5 } };
    const first = keyPose({
      tracks: [],
      picked: [],
      shown,
      baseline: BASELINE,
      staticValues: shown,
      replaced: {},
      time: 0,
      layerStatic: LAYER_STATIC,
    });
    expect(first.keyed).toEqual(['rig.mouthPucker']);
    expect(keysOf(first.tracks, 'rig.mouthPucker')).toEqual([[0, 0.5]]);
    const none = keyPose({
      tracks: [],
      picked: [],
      shown: BASELINE,
      baseline: BASELINE,
      staticValues: BASELINE,
      replaced: {},
      time: 0,
      layerStatic: LAYER_STATIC,
    });
    expect(none.keyed).toEqual([]);
    expect(none.tracks).toEqual([]);
  });

  it('a static pose the keys were made around (Bring to life) holds its own value, so no pose changes', () => {
    // A smile left static, idle blinks keyed around it; K at 1.5 s keys the smile without taking it
    // from the blinks' key times.
    const statics: RigValues = { ...BASELINE, coefficients: { ...BASELINE.coefficients, mouthSmileLeft: 0.7 } };
    const blinks: Track[] = [
      { parameter: 'rig.eyeBlinkLeft', keyframes: [makeKeyframe(0, 0), makeKeyframe(1, 1), makeKeyframe(2, 0)] },
    ];
    const { tracks: next } = keyPose({
      tracks: blinks,
      picked: [],
      shown: shownAtStatic(statics, blinks, 1.5),
      baseline: BASELINE,
      staticValues: statics,
      replaced: {},
      time: 1.5,
      layerStatic: LAYER_STATIC,
    });
    for (const time of [0, 0.5, 1, 1.5, 2]) {
      expectPose(sceneValuesAt(statics, next, time), sceneValuesAt(statics, blinks, time));
    }
    expect(keysOf(next, 'rig.mouthSmileLeft').map(([, value]) => value)).toEqual([0.7, 0.7, 0.7, 0.7]);
  });

  it('remembers a replaced static value only with keys at other times, the first edit’s, never an animated one', () => {
    const jaw: Track[] = [{ parameter: 'rig.jawOpen', keyframes: [makeKeyframe(1, 0.3)] }];
    const raised = (value: number): RigValues => ({
      ...BASELINE,
      coefficients: { ...BASELINE.coefficients, cheekPuff: value, jawOpen: value },
    });
    expect(rememberReplacedStatics({}, raised(0.1), raised(0.2), jaw, 1)).toEqual({});
    const first = rememberReplacedStatics({}, raised(0.1), raised(0.2), jaw, 2);
    expect(first).toEqual({ 'rig.cheekPuff': 0.1 });
    expect(rememberReplacedStatics(first, raised(0.2), raised(0.3), jaw, 2)).toBe(first);
  });

  it('picked tracks: only those are keyed, with the shown or static value and no holds', () => {
    const tracks: Track[] = [{ parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0.3)] }];
    const shown: RigValues = { ...BASELINE, coefficients: { ...BASELINE.coefficients, cheekPuff: 0.6 } };
    const { tracks: next, keyed } = keyPose({
      tracks,
      picked: ['rig.cheekPuff', 'layer.eyes'],
      shown,
      baseline: BASELINE,
      staticValues: shown,
      replaced: {},
      time: 1,
      layerStatic: () => 0.25,
    });
    expect(keyed).toEqual(['rig.cheekPuff', 'layer.eyes']);
    expect(keysOf(next, 'rig.cheekPuff')).toEqual([[1, 0.6]]);
    expect(keysOf(next, 'layer.eyes')).toEqual([[1, 0.25]]);
    expect(keysOf(next, 'rig.jawOpen')).toEqual([[0, 0.3]]);
  });
});

describe('auto-key with left and right linked', () => {
  const animatedRight: Track[] = [
    { parameter: 'rig.browOuterUpRight', keyframes: [makeKeyframe(0, 0.1), makeKeyframe(1, 0.2)] },
  ];
  const statics: RigValues = { ...zeroValues(), coefficients: { ...zeroValues().coefficients, browOuterUpLeft: 0.3 } };
  const raise = (values: RigValues, names: ArkitBlendshapeName[]): RigValues => ({
    ...values,
    coefficients: { ...values.coefficients, ...Object.fromEntries(names.map((name) => [name, 0.9])) },
  });

  it('keys the twin of an animated control, holding what it showed at the other key times', () => {
    const shown = applyOverlay(statics, animatedValuesAt(animatedRight, 2));
    const to = raise(shown, ['browOuterUpLeft', 'browOuterUpRight']);
    const { staticTo, tracksTo } = splitRigEdit(statics, shown, to, animatedRight, 2, { linked: true });
    expect(keysOf(tracksTo!, 'rig.browOuterUpLeft')).toEqual([
      [0, 0.3],
      [1, 0.3],
      [2, 0.9],
    ]);
    expect(keysOf(tracksTo!, 'rig.browOuterUpRight')).toEqual([
      [0, 0.1],
      [1, 0.2],
      [2, 0.9],
    ]);
    expect(staticTo.coefficients.browOuterUpLeft).toBe(0.3);
  });

  it('link off: the twin without keys stays static', () => {
    const shown = applyOverlay(statics, animatedValuesAt(animatedRight, 2));
    const to = raise(shown, ['browOuterUpLeft', 'browOuterUpRight']);
    const { staticTo, tracksTo } = splitRigEdit(statics, shown, to, animatedRight, 2, { linked: false });
    expect(keysOf(tracksTo!, 'rig.browOuterUpLeft')).toEqual([]);
    expect(staticTo.coefficients.browOuterUpLeft).toBe(0.9);
  });

  it('a control whose twin has no keys either stays static with link on', () => {
    const shown = applyOverlay(statics, animatedValuesAt(animatedRight, 2));
    const to = raise(shown, ['mouthSmileLeft', 'mouthSmileRight']);
    const { staticTo, tracksTo } = splitRigEdit(statics, shown, to, animatedRight, 2, { linked: true });
    expect(tracksTo).toBeNull();
    expect(staticTo.coefficients.mouthSmileLeft).toBe(0.9);
    expect(staticTo.coefficients.mouthSmileRight).toBe(0.9);
  });
});
