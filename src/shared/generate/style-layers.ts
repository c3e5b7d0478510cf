import type { SynthesisContract } from '../api/model-contract';
import type { GeneratorInfo } from './generator-types';

/** The layer id of synthesis style input i (ws[:, i]). */
export const styleLayerId = (index: number): string => `layer-${index}`;

const BAND_NAMES = { coarse: 'Coarse', middle: 'Middle', fine: 'Fine' } as const;
const BAND_CONTROLS = {
  coarse: 'pose, face shape and hair outline',
  middle: 'facial features and expression (eyes open or closed, mouth, smile)',
  fine: 'colour scheme and micro-structure',
} as const;

/**
 * The style-based backend of one installed synthesis network (method A): a layer per style input,
 * named from its metadata; alpha 0 takes the appearance photo's styles, 1 the expression photo's,
 * and the model's expression layers default to 1.
 */
export function styleGeneratorInfo(synthesisId: string, contract: SynthesisContract): GeneratorInfo {
  return {
    id: `stylegan:${synthesisId}`,
    name: `Style-based (${synthesisId})`,
    inputs: ['photo', 'landmarks'],
    layers: contract.layers.map((layer, index) => ({
      id: styleLayerId(index),
      name: `${BAND_NAMES[layer.band]} ${index + 1} · ${layer.name} (${layer.resolution} px)`,
      controls: `Style input ${index + 1} of ${contract.numWs}, at ${layer.resolution} px: ${BAND_CONTROLS[layer.band]}. 0 keeps the appearance photo's style, 1 takes the expression photo's.`,
      defaultAlpha: contract.expressionLayers.includes(index) ? 1 : 0,
    })),
  };
}
