import path from 'node:path';
import {
  ApiError,
  type EncoderContract,
  type InstalledModelView,
  type PerceptualContract,
  type SynthesisContract,
} from '../../../shared/api';
import { INSTALLED_MODEL_FILE, type ModelManager } from '../models';
import type { StyleModelRef } from './tasks';

export interface StyleModelChoice {
  synthesisId?: string;
  perceptualId?: string;
  mappingId?: string;
  encoderId?: string;
  useEncoder: boolean;
  layer?: string;
}

export interface StyleModels {
  synthesis: StyleModelRef;
  perceptual: StyleModelRef;
  mapping: StyleModelRef | null;
  encoder: StyleModelRef | null;
  layer: string;
}

const INSTALL_HINT = 'install one with `mien models install FILE` or the Models dialog (docs/models.md)';

function refOf(manager: ModelManager, model: InstalledModelView): StyleModelRef {
  return {
    id: model.id,
    path: path.join(manager.dir, model.id, INSTALLED_MODEL_FILE),
    sha256: model.sha256,
    contract: model.contract,
  };
}

function pick(
  models: InstalledModelView[],
  role: InstalledModelView['role'],
  id: string | undefined,
  fits: (m: InstalledModelView) => string | null,
  what: string,
): InstalledModelView | null {
  if (id !== undefined) {
    const named = models.find((m) => m.id === id);
    if (!named) throw new ApiError('not_found', `No installed model "${id}".`);
    if (named.role !== role)
      throw new ApiError('invalid_request', `Model "${id}" is a ${named.role} network, not ${what}.`);
    const why = fits(named);
    if (why) throw new ApiError('invalid_request', `Model "${id}" cannot serve as ${what}: ${why}.`);
    return named;
  }
  return models.find((m) => m.role === role && fits(m) === null) ?? null;
}

/** The synthesis installed under `id`, or the only one installed. */
export function chooseSynthesis(models: InstalledModelView[], id: string | undefined): InstalledModelView {
  const synthesis = models.filter((m) => m.role === 'synthesis');
  if (id !== undefined) {
    const named = models.find((m) => m.id === id);
    if (!named) throw new ApiError('not_found', `No installed model "${id}".`);
    if (named.role !== 'synthesis') {
      throw new ApiError('invalid_request', `Model "${id}" is a ${named.role} network, not a synthesis network.`);
    }
    return named;
  }
  if (synthesis.length === 0)
    throw new ApiError('unavailable', `No style-based generator is installed; ${INSTALL_HINT}.`);
  if (synthesis.length > 1) {
    throw new ApiError(
      'invalid_request',
      `Several synthesis networks are installed (${synthesis.map((m) => m.id).join(', ')}); name one.`,
    );
  }
  return synthesis[0]!;
}

/**
 * The installed networks an inversion runs with: the synthesis network, a perceptual network at its
 * resolution (compared at a middle layer unless told), and an encoder of the same shape when one is
 * installed (else the mapping network gives the mean w).
 */
export async function chooseStyleModels(manager: ModelManager, choice: StyleModelChoice): Promise<StyleModels> {
  const { models } = await manager.list();
  const synthesisView = chooseSynthesis(models, choice.synthesisId);
  const synthesis = synthesisView.contract as SynthesisContract;
  const perceptualView = pick(
    models,
    'perceptual',
    choice.perceptualId,
    (m) => {
      const c = m.contract as PerceptualContract;
      return c.resolution === synthesis.resolution
        ? null
        : `it takes ${c.resolution} px images, the generator makes ${synthesis.resolution} px`;
    },
    'the perceptual network',
  );
  if (!perceptualView) {
    throw new ApiError(
      'unavailable',
      `No perceptual network for ${synthesis.resolution} px images is installed (the inversion's loss needs one); ${INSTALL_HINT}.`,
    );
  }
  const layers = (perceptualView.contract as PerceptualContract).layers;
  // The paper found a middle VGG layer best: conv2_2 of VGG16's conv1_2..conv4_3.
  const layer = choice.layer ?? layers[Math.floor((layers.length - 1) / 2)]!;
  if (!layers.includes(layer)) {
    throw new ApiError(
      'invalid_request',
      `The perceptual network has no layer "${layer}" (it has ${layers.join(', ')}).`,
    );
  }
  const encoderView = choice.useEncoder
    ? pick(
        models,
        'encoder',
        choice.encoderId,
        (m) => {
          const c = m.contract as EncoderContract;
          if (c.numWs !== synthesis.numWs) return `it makes ${c.numWs} ws, the generator takes ${synthesis.numWs}`;
          if (c.resolution !== synthesis.resolution)
            return `it takes ${c.resolution} px faces; Mien aligns at the generator's ${synthesis.resolution} px`;
          return null;
        },
        'the encoder',
      )
    : null;
  const mappingView = encoderView ? null : pick(models, 'mapping', choice.mappingId, () => null, 'the mapping network');
  if (!encoderView && !mappingView) {
    throw new ApiError(
      'unavailable',
      `The inversion starts from the mean w, which needs a mapping network, or from an encoder; neither is installed; ${INSTALL_HINT}.`,
    );
  }
  return {
    synthesis: refOf(manager, synthesisView),
    perceptual: refOf(manager, perceptualView),
    mapping: mappingView ? refOf(manager, mappingView) : null,
    encoder: encoderView ? refOf(manager, encoderView) : null,
    layer,
  };
}

/** The refs of an existing inversion's models (resume, transfer), refused when one was removed. */
export async function modelRef(manager: ModelManager, id: string): Promise<StyleModelRef> {
  const { models } = await manager.list();
  const model = models.find((m) => m.id === id);
  if (!model) {
    throw new ApiError('unavailable', `Model "${id}" is no longer installed; install it again to use this inversion.`);
  }
  return refOf(manager, model);
}
