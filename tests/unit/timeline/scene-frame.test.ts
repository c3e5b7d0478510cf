import { describe, expect, it } from 'vitest';
import { coefficientsToRecord, ZERO_HEAD } from '../../../src/shared/rig';
import {
  applyEasing,
  makeKeyframe,
  sceneFrameState,
  sceneStateAt,
  type ParameterId,
  type SceneStatics,
  type Track,
} from '../../../src/shared/timeline';

const statics = (): SceneStatics => ({
  coefficients: { ...coefficientsToRecord(new Float32Array(52)), mouthSmileLeft: 0.4 },
  head: { ...ZERO_HEAD, yawDeg: 5 },
  layerMix: { mouth: 0.6 },
  sourceFrame: 7,
});
const track = (parameter: ParameterId, ...pairs: Array<[number, number]>): Track => ({
  parameter,
  keyframes: pairs.map(([t, v]) => makeKeyframe(t, v)),
});

describe('sceneStateAt', () => {
  it('is the static state where nothing is keyed', () => {
    const state = sceneStateAt(statics(), [], 1.25);
    expect(state.coefficients.mouthSmileLeft).toBe(0.4);
    expect(state.coefficients.jawOpen).toBe(0);
    expect(state.head).toEqual({ yawDeg: 5, pitchDeg: 0, rollDeg: 0 });
    expect(state.layerMix).toEqual({ mouth: 0.6 });
    expect(state.sourceFrame).toBe(7);
  });

  it('applies keyed parameters exactly at keys and leaves the others static', () => {
    const tracks = [
      track('rig.jawOpen', [0, 0], [1, 0.8]),
      track('head.pitchDeg', [0, -4], [2, 6]),
      track('layer.eyes', [0, 1], [1, 0.25]),
    ];
    const atKey = sceneStateAt(statics(), tracks, 1);
    expect(atKey.coefficients.jawOpen).toBe(0.8);
    expect(atKey.layerMix).toEqual({ mouth: 0.6, eyes: 0.25 });
    expect(atKey.coefficients.mouthSmileLeft).toBe(0.4);
    expect(atKey.head).toEqual({ yawDeg: 5, pitchDeg: 1, rollDeg: 0 });
    const between = sceneStateAt(statics(), tracks, 0.5);
    expect(between.coefficients.jawOpen).toBeCloseTo(0.4, 12);
  });

  it('clamps what the generator cannot take: coefficients, head angles and alphas', () => {
    // The 'back' preset overshoots its target by about 10%.
    const overshoot: Track = {
      parameter: 'rig.jawOpen',
      keyframes: applyEasing([makeKeyframe(0, 0), makeKeyframe(1, 1)], 0, 'back'),
    };
    const samples = Array.from(
      { length: 101 },
      (_, i) => sceneStateAt(statics(), [overshoot], i / 100).coefficients.jawOpen,
    );
    expect(Math.max(...samples)).toBe(1);
    expect(Math.min(...samples)).toBe(0);
    const state = sceneStateAt(statics(), [track('head.yawDeg', [0, 80]), track('layer.mouth', [0, 1.7])], 0);
    expect(state.head.yawDeg).toBe(45);
    expect(state.layerMix.mouth).toBe(1);
  });

  it('steps the source frame to whole frames', () => {
    const holds: Track = {
      parameter: 'source.frame',
      keyframes: [makeKeyframe(0, 3), makeKeyframe(1, 10)].map((key) => ({ ...key, type: 'hold' as const })),
    };
    expect(sceneStateAt(statics(), [holds], 0.99).sourceFrame).toBe(3);
    expect(sceneStateAt(statics(), [holds], 1).sourceFrame).toBe(10);
    expect(sceneStateAt(statics(), [track('source.frame', [0, 0], [1, 10])], 0.44).sourceFrame).toBe(4);
  });

  it('evaluates frames at frame / fps without drift', () => {
    const tracks = [track('rig.jawOpen', [0, 0], [10, 1])];
    for (const fps of [24, 25, 30, 60]) {
      const frame = 7 * fps + 3;
      expect(sceneFrameState(statics(), tracks, frame, fps)).toEqual(sceneStateAt(statics(), tracks, frame / fps));
    }
  });

  it('does not change its inputs', () => {
    const given = statics();
    const copy = structuredClone(given);
    sceneStateAt(given, [track('rig.mouthSmileLeft', [0, 1]), track('layer.mouth', [0, 0])], 0);
    expect(given).toEqual(copy);
  });
});
