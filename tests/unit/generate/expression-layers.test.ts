import { describe, expect, it } from 'vitest';
import { parseLayers } from '../../../src/main/cli/transfer-command';
import { layerAlpha } from '../../../src/main/engine/generate/generator';
import { warpGenerator } from '../../../src/main/engine/generate/warp/warp-generator';
import { warpAlphas } from '../../../src/main/engine/generate/warp/warp-layers';
import {
  EXPRESSION_DETAIL_LAYER_ID,
  EXPRESSION_LAYER_IDS,
  expressionAlphas,
  LayerMix,
  TRANSFER_LAYER_IDS,
  TRANSFER_LAYERS,
  LAYER_COEFFICIENT_INDICES,
  layerOfCoefficient,
  mixExpression,
  type ExpressionAlphas,
  type ExpressionTransfer,
  type RenderTarget,
} from '../../../src/shared/generate';
import {
  ARKIT_BLENDSHAPE_NAMES,
  coefficientsToRecord,
  ZERO_HEAD,
  type ArkitBlendshapeName,
} from '../../../src/shared/rig';
import { makeKeyframe, sceneStateAt, type SceneStatics, type Track } from '../../../src/shared/timeline';

const state = (values: Partial<Record<ArkitBlendshapeName, number>>, head = { yawDeg: 0, pitchDeg: 0, rollDeg: 0 }) =>
  ({
    coefficients: { ...coefficientsToRecord(new Float32Array(52)), ...values },
    head,
  }) as RenderTarget;
const value = (mixed: { coefficients: Float32Array }, name: ArkitBlendshapeName) =>
  mixed.coefficients[ARKIT_BLENDSHAPE_NAMES.indexOf(name)]!;
const ALL = (alpha: number): ExpressionAlphas => ({
  head: alpha,
  brows: alpha,
  eyes: alpha,
  nose: alpha,
  mouth: alpha,
});

describe('expression layers', () => {
  it('puts every ARKit coefficient in exactly one layer, by region', () => {
    const counted = Object.values(LAYER_COEFFICIENT_INDICES).flat();
    expect(counted.sort((a, b) => a - b)).toEqual([...Array(52).keys()]);
    expect(layerOfCoefficient('browInnerUp')).toBe('brows');
    expect(layerOfCoefficient('eyeBlinkLeft')).toBe('eyes');
    expect(layerOfCoefficient('eyeLookInRight')).toBe('eyes');
    expect(layerOfCoefficient('cheekPuff')).toBe('nose');
    expect(layerOfCoefficient('noseSneerLeft')).toBe('nose');
    expect(layerOfCoefficient('jawOpen')).toBe('mouth');
    expect(layerOfCoefficient('mouthSmileLeft')).toBe('mouth');
    expect(layerOfCoefficient('tongueOut')).toBe('mouth');
    expect(EXPRESSION_LAYER_IDS).toContain('head');
  });

  it('without an expression source returns the appearance state whatever the alphas', () => {
    const appearance = state({ jawOpen: 0.3 }, { yawDeg: 5, pitchDeg: 1, rollDeg: 2 });
    const mixed = mixExpression(appearance, null, ALL(1));
    expect(value(mixed, 'jawOpen')).toBeCloseTo(0.3, 6);
    expect(mixed.head).toEqual(appearance.head);
  });

  it('relative: adds the source change from its neutral to the portrait, per layer alpha', () => {
    const appearance = state({ jawOpen: 0.1, browInnerUp: 0.2, mouthSmileLeft: 0.05 });
    const transfer: ExpressionTransfer = {
      // The source's resting face reads smile 0.3 (its identity/bias): only its change transfers.
      state: state({ jawOpen: 0.7, browInnerUp: 0.9, mouthSmileLeft: 0.3 }),
      neutral: state({ jawOpen: 0.1, mouthSmileLeft: 0.3 }),
      mode: 'relative',
    };
    const mixed = mixExpression(appearance, transfer, { ...ALL(0), mouth: 1, brows: 0.5 });
    expect(value(mixed, 'jawOpen')).toBeCloseTo(0.1 + 0.6, 5);
    expect(value(mixed, 'mouthSmileLeft')).toBeCloseTo(0.05, 5);
    // brows at 0.5: halfway from 0.2 to min(1, 0.2 + 0.9).
    expect(value(mixed, 'browInnerUp')).toBeCloseTo(0.2 + 0.5 * (1 - 0.2), 5);
  });

  it('absolute: takes the source values; alpha 0 keeps the portrait', () => {
    const appearance = state({ eyeBlinkLeft: 0.1, jawOpen: 0.4 });
    const transfer: ExpressionTransfer = { state: state({ eyeBlinkLeft: 0.9 }), neutral: state({}), mode: 'absolute' };
    const mixed = mixExpression(appearance, transfer, { ...ALL(0), eyes: 1 });
    expect(value(mixed, 'eyeBlinkLeft')).toBeCloseTo(0.9, 5);
    expect(value(mixed, 'jawOpen')).toBeCloseTo(0.4, 5);
  });

  it('head: relative applies alpha times the source turn from its neutral', () => {
    const appearance = state({}, { yawDeg: -10, pitchDeg: 0, rollDeg: 0 });
    const transfer: ExpressionTransfer = {
      state: state({}, { yawDeg: 25, pitchDeg: 3, rollDeg: 0 }),
      neutral: state({}, { yawDeg: 5, pitchDeg: 3, rollDeg: 0 }),
      mode: 'relative',
    };
    const full = mixExpression(appearance, transfer, { ...ALL(0), head: 1 });
    expect(full.head.yawDeg).toBeCloseTo(10, 4);
    expect(full.head.pitchDeg).toBeCloseTo(0, 4);
    const half = mixExpression(appearance, transfer, { ...ALL(0), head: 0.5 });
    expect(half.head.yawDeg).toBeCloseTo(0, 4);
    const none = mixExpression(appearance, transfer, ALL(0));
    expect(none.head).toEqual(appearance.head);
  });

  it('reads alphas from a mix, clamped, falling back to the defaults', () => {
    const alphas = expressionAlphas({ mouth: 2, eyes: 0.25, unknown: 1 }, ALL(0));
    expect(alphas).toEqual({ head: 0, brows: 0, eyes: 0.25, nose: 0, mouth: 1 });
  });
});

describe('the expression detail layer among the transfer layers', () => {
  it('is listed after the rig layers with default 0, and is not part of the rig mix', () => {
    expect(TRANSFER_LAYER_IDS).toEqual([...EXPRESSION_LAYER_IDS, EXPRESSION_DETAIL_LAYER_ID]);
    expect(EXPRESSION_DETAIL_LAYER_ID).toBe('wrinkles');
    expect(TRANSFER_LAYERS.at(-1)!.defaultAlpha).toBe(0);
    expect(warpGenerator.layers.map((layer) => layer.id)).toEqual(TRANSFER_LAYER_IDS);
    expect(Object.keys(warpAlphas({ wrinkles: 1 })).sort()).toEqual([...EXPRESSION_LAYER_IDS].sort());
  });

  it('reads a mix saved before it existed (no key) as 0, through the scene schema and the timeline evaluator', () => {
    // A scene row's layer_mix_json from before issue 9's detail layer.
    const saved = LayerMix.parse(JSON.parse('{"mouth":1,"brows":0.5,"eyes":1,"nose":1,"head":0}'));
    expect(layerAlpha(warpGenerator, saved, EXPRESSION_DETAIL_LAYER_ID)).toBe(0);
    const statics: SceneStatics = {
      coefficients: coefficientsToRecord(new Float32Array(52)),
      head: { ...ZERO_HEAD },
      layerMix: saved,
      sourceFrame: null,
    };
    const still = sceneStateAt(statics, [], 0.5);
    expect(layerAlpha(warpGenerator, still.layerMix, EXPRESSION_DETAIL_LAYER_ID)).toBe(0);
    // A `layer.wrinkles` track animates it like any layer.
    const keyed: Track = { parameter: 'layer.wrinkles', keyframes: [makeKeyframe(0, 0), makeKeyframe(1, 1)] };
    expect(sceneStateAt(statics, [keyed], 0.5).layerMix.wrinkles).toBeCloseTo(0.5, 12);
    expect(sceneStateAt(statics, [keyed], 0.5).layerMix.mouth).toBe(1);
  });

  it('is accepted by `mien transfer --layers`', () => {
    const ignoreNotes = (): void => undefined;
    expect(parseLayers('wrinkles=1,mouth=0.5,pose=0', ignoreNotes)).toEqual({ wrinkles: 1, mouth: 0.5, head: 0 });
    expect(() => parseLayers('wrinkle=1', ignoreNotes)).toThrow(
      /not a layer \(head, brows, eyes, nose, mouth, wrinkles\)/,
    );
  });
});
