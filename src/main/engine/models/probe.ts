import * as ort from 'onnxruntime-node';
import { W_DIM, type ModelContract } from '../../../shared/api/model-contract';
import { MOTION_CHANNEL_COUNT } from '../../../shared/animate/motion-channels';
import type { TensorInfo } from './manifest';

/** One tensor the contract expects; null marks a dimension any positive size satisfies. */
interface ExpectedTensor {
  name: string;
  shape: (number | null)[];
  /** Why these sizes, for the message: "for resolution 64". */
  because: string;
}

interface ExpectedIo {
  inputs: ExpectedTensor[];
  outputs: ExpectedTensor[];
}

/** The tensors each role must have (docs/models.md). */
export function expectedTensors(contract: ModelContract): ExpectedIo {
  switch (contract.role) {
    case 'synthesis': {
      const { numWs, resolution: r } = contract;
      return {
        inputs: [{ name: 'ws', shape: [1, numWs, W_DIM], because: `for numWs ${numWs}` }],
        outputs: [{ name: 'image', shape: [1, 3, r, r], because: `for resolution ${r}` }],
      };
    }
    case 'mapping':
      return {
        inputs: [{ name: 'z', shape: [1, W_DIM], because: `for z of ${W_DIM}` }],
        outputs: [{ name: 'w', shape: [1, W_DIM], because: `for w of ${W_DIM}` }],
      };
    case 'perceptual': {
      const r = contract.resolution;
      return {
        inputs: [{ name: 'image', shape: [1, 3, r, r], because: `for resolution ${r}` }],
        outputs: contract.layers.map((name) => ({ name, shape: [1, null, null, null], because: 'a feature map' })),
      };
    }
    case 'encoder': {
      const { numWs, resolution: r } = contract;
      return {
        inputs: [{ name: 'image', shape: [1, 3, r, r], because: `for resolution ${r}` }],
        outputs: [{ name: 'ws', shape: [1, numWs, W_DIM], because: `for numWs ${numWs}` }],
      };
    }
    case 'motion': {
      const { window: w } = contract;
      const channels = `${MOTION_CHANNEL_COUNT} motion channels`;
      return {
        inputs: [
          { name: 'past', shape: [1, w, MOTION_CHANNEL_COUNT], because: `for a window of ${w} frames of ${channels}` },
          { name: 'target', shape: [1, MOTION_CHANNEL_COUNT], because: `for ${channels}` },
          { name: 'remaining', shape: [1, 1], because: 'for the seconds left' },
        ],
        outputs: [{ name: 'next', shape: [1, MOTION_CHANNEL_COUNT], because: `for ${channels}` }],
      };
    }
  }
}

/** A model that does not meet its contract; the message names the tensor. */
export class ContractError extends Error {
  constructor(
    message: string,
    readonly tensor?: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

const fmt = (shape: readonly (number | string | null)[]): string =>
  `[${shape.map((d) => (d === null ? '?' : String(d))).join(',')}]`;

const matches = (actual: readonly number[], expected: (number | null)[]): boolean =>
  actual.length === expected.length && expected.every((d, i) => (d === null ? (actual[i] ?? 0) > 0 : actual[i] === d));

/** Deterministic probe values: normal-ish for ws/z (what a generator sees), [-1, 1] for images. */
function probeInput(tensor: ExpectedTensor): ort.Tensor {
  const dims = tensor.shape.map((d) => d ?? 1);
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  let state = 12345;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const image = tensor.name === 'image';
  // A motion predictor's seconds left are positive (it may divide by them).
  const positive = tensor.name === 'remaining';
  for (let i = 0; i < data.length; i++) {
    data[i] = image ? next() * 2 - 1 : positive ? 0.1 + next() : (next() + next() + next() - 1.5) * 2;
  }
  return new ort.Tensor('float32', data, dims);
}

export interface ProbeResult {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  probeMs: number;
}

/**
 * Checks an opened session against the contract: input names and declared sizes, then one run on probe
 * values whose outputs must have the expected names, shapes and finite float32 values.
 */
export async function probeSession(session: ort.InferenceSession, contract: ModelContract): Promise<ProbeResult> {
  const role = contract.role;
  const expected = expectedTensors(contract);
  const inputNames = session.inputNames;
  for (const tensor of expected.inputs) {
    if (!inputNames.includes(tensor.name)) {
      throw new ContractError(
        `${role} input '${tensor.name}' is missing (the model's inputs: ${inputNames.join(', ') || 'none'})`,
        tensor.name,
      );
    }
  }
  const extra = inputNames.filter((name) => !expected.inputs.some((tensor) => tensor.name === name));
  if (extra.length > 0) {
    throw new ContractError(
      `${role} has input '${extra[0]}' the contract does not allow (only ${expected.inputs.map((t) => `'${t.name}'`).join(', ')}; keep noise buffers as initializers)`,
      extra[0],
    );
  }
  for (const meta of session.inputMetadata) {
    const tensor = expected.inputs.find((candidate) => candidate.name === meta.name);
    if (!tensor || !meta.isTensor) continue;
    if (meta.type !== 'float32') {
      throw new ContractError(`${role} input '${meta.name}' is ${meta.type}, expected float32`, meta.name);
    }
    // Symbolic sizes (a dynamic batch) are fine: the probe feeds the contract's sizes.
    const wrong =
      meta.shape.length !== tensor.shape.length ||
      meta.shape.some((d, i) => typeof d === 'number' && d > 0 && tensor.shape[i] !== null && d !== tensor.shape[i]);
    if (wrong) {
      throw new ContractError(
        `${role} input '${meta.name}' has shape ${fmt(meta.shape)}, expected ${fmt(tensor.shape)} ${tensor.because}`,
        meta.name,
      );
    }
  }
  const feeds: Record<string, ort.Tensor> = {};
  for (const tensor of expected.inputs) feeds[tensor.name] = probeInput(tensor);
  for (const tensor of expected.outputs) {
    if (!session.outputNames.includes(tensor.name)) {
      throw new ContractError(
        `${role} output '${tensor.name}' is missing (the model's outputs: ${session.outputNames.join(', ')})`,
        tensor.name,
      );
    }
  }
  const started = performance.now();
  let results: ort.InferenceSession.OnnxValueMapType;
  try {
    results = await session.run(
      feeds,
      expected.outputs.map((t) => t.name),
    );
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new ContractError(`${role} failed its probe run: ${first}`);
  }
  const probeMs = performance.now() - started;
  const outputs: TensorInfo[] = [];
  for (const tensor of expected.outputs) {
    const value = results[tensor.name] as ort.Tensor;
    if (value.type !== 'float32') {
      throw new ContractError(`${role} output '${tensor.name}' is ${value.type}, expected float32`, tensor.name);
    }
    if (!matches(value.dims, tensor.shape)) {
      throw new ContractError(
        `${role} output '${tensor.name}' has shape ${fmt(value.dims)}, expected ${fmt(tensor.shape)} ${tensor.because}`,
        tensor.name,
      );
    }
    const data = value.data as Float32Array;
    if (!data.every(Number.isFinite)) {
      throw new ContractError(`${role} output '${tensor.name}' has non-finite values on the probe input`, tensor.name);
    }
    outputs.push({ name: tensor.name, shape: [...value.dims], dtype: 'float32' });
  }
  const inputs: TensorInfo[] = expected.inputs.map((t) => ({
    name: t.name,
    shape: t.shape.map((d) => d ?? -1),
    dtype: 'float32',
  }));
  return { inputs, outputs, probeMs };
}
