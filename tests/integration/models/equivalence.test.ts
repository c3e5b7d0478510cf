/**
 * The converted ONNX models must compute what the original TF.js graph models compute. Runs each of the
 * prepared models in resources/models (made by `npm run prepare-models`, which postinstall runs) with
 * onnxruntime-node and the original model.json with @tensorflow/tfjs (cpu backend) on the astronaut photo
 * and on seeded random inputs, and compares raw outputs.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGraph } from '../../../src/main/engine/models/convert/graph';
import { readTfjsGraphModel } from '../../../src/main/engine/models/convert/tfjs-format';
import type { ManifestModel } from '../../../src/main/engine/models/manifest';
import { normalisePixels } from '../../../src/main/engine/models/normalise';
import { ModelRegistry } from '../../../src/main/engine/models/registry';
import { seededRandom } from '../../unit/models/synthetic-graph';
import { loadTfjsGraphModel } from './tfjs-file-handler';

const ROOT = path.resolve(__dirname, '../../..');
const MODELS_DIR = path.join(ROOT, 'resources/models');
const ASTRONAUT = path.join(ROOT, 'tests/fixtures/astronaut.png');
const RAW_TOLERANCE = 1e-3;
const MESH_PIXEL_TOLERANCE = 0.5; // landmarks scaled to a 512 px image
const MODEL_IDS = ['blazeface', 'facemesh', 'iris', 'emotion', 'faceres'];

const measured: { model: string; input: string; output: string; maxAbsDiff: number; magnitude: number }[] = [];

function sourceModelPath(model: ManifestModel): string {
  const relative = model.provenance.originalModel.slice(model.provenance.package.length + 1);
  return path.join(ROOT, 'node_modules', model.provenance.package, relative);
}

/**
 * What each model sees of the 512x512 astronaut, as the face pipeline would feed it: the whole photo for the
 * detector, a square face crop for mesh, emotion and descriptor, a box around her right eye for iris.
 */
const ASTRONAUT_CROPS: Record<string, { left: number; top: number; width: number; height: number } | null> = {
  blazeface: null,
  facemesh: { left: 140, top: 35, width: 180, height: 180 },
  iris: { left: 178, top: 100, width: 40, height: 40 },
  emotion: { left: 150, top: 50, width: 160, height: 160 },
  faceres: { left: 150, top: 50, width: 160, height: 160 },
};

async function astronautInput(model: ManifestModel): Promise<{ data: Float32Array; shape: number[] }> {
  const [, height, width, channels] = model.inputs[0]?.shape as [number, number, number, number];
  const crop = ASTRONAUT_CROPS[model.id];
  const image = crop ? sharp(ASTRONAUT).removeAlpha().extract(crop) : sharp(ASTRONAUT).removeAlpha();
  const { data } = await image.resize(width, height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  const input = normalisePixels(new Uint8Array(data), width * height, 3, model.normalisation);
  expect(input.length).toBe(height * width * channels);
  return { data: input, shape: [1, height, width, channels] };
}

/** Uniform values over the model's input range; batch 2 where the model allows a free batch. */
function randomInput(model: ManifestModel, seed: number): { data: Float32Array; shape: number[] } {
  const declared = model.inputs[0]?.shape as number[];
  const shape = declared.map((d, i) => (d < 0 && i === 0 ? 2 : d));
  const random = seededRandom(seed);
  const [lo, hi] = model.normalisation.range;
  const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => lo + (hi - lo) * random());
  return { data, shape };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

let registry: ModelRegistry;
beforeAll(async () => {
  registry = await ModelRegistry.open(MODELS_DIR);
  await tf.setBackend('cpu');
  await tf.ready();
});

afterAll(() => {
  console.log(
    [
      'model      input       output                 max|diff|   max|value|',
      ...measured.map(
        (m) =>
          `${m.model.padEnd(10)} ${m.input.padEnd(11)} ${m.output.padEnd(22)} ${m.maxAbsDiff.toExponential(2).padStart(9)}   ${m.magnitude.toFixed(2)}`,
      ),
    ].join('\n'),
  );
});

describe.each(MODEL_IDS)('%s: ONNX matches the TF.js original', (id) => {
  let model: ManifestModel;
  let session: ort.InferenceSession;
  let reference: tf.GraphModel;
  let tfOutputKeys: Map<string, string>;

  beforeAll(async () => {
    model = registry.find(id);
    ({ session } = await registry.createSession(id));
    const source = sourceModelPath(model);
    reference = await loadTfjsGraphModel(source);
    const graph = parseGraph((await readTfjsGraphModel(source)).json);
    tfOutputKeys = new Map(graph.outputs.map((o) => [o.name, o.key]));
  });

  afterAll(async () => {
    await session?.release();
    reference?.dispose();
  });

  async function compare(
    label: string,
    input: { data: Float32Array; shape: number[] },
  ): Promise<Map<string, Float32Array>> {
    const inputName = model.inputs[0]?.name as string;
    const onnxOut = await session.run({ [inputName]: new ort.Tensor('float32', input.data, input.shape) });
    const names = model.outputs.map((o) => o.name);
    const x = tf.tensor(input.data, input.shape);
    const raw = reference.execute(
      x,
      names.map((n) => tfOutputKeys.get(n) as string),
    );
    const tfOut = Array.isArray(raw) ? raw : [raw];
    const results = new Map<string, Float32Array>();
    names.forEach((name, i) => {
      const expected = tfOut[i] as tf.Tensor;
      const actual = onnxOut[name] as ort.Tensor;
      expect(actual.dims, `${name} shape`).toEqual(expected.shape);
      const expectedData = expected.dataSync() as Float32Array;
      const diff = maxAbsDiff(actual.data as Float32Array, expectedData);
      measured.push({
        model: id,
        input: label,
        output: name,
        maxAbsDiff: diff,
        magnitude: maxAbsDiff(expectedData, new Float32Array(expectedData.length)),
      });
      expect(diff, `${id} ${name} on ${label}`).toBeLessThan(RAW_TOLERANCE);
      results.set(`onnx:${name}`, actual.data as Float32Array);
      results.set(`tfjs:${name}`, expectedData);
    });
    tf.dispose([x, ...tfOut]);
    return results;
  }

  it('on the astronaut', async () => {
    const results = await compare('astronaut', await astronautInput(model));
    if (id === 'facemesh') {
      const scale = 512 / (model.inputs[0]?.shape[1] as number);
      const px =
        maxAbsDiff(results.get('onnx:output_mesh') as Float32Array, results.get('tfjs:output_mesh') as Float32Array) *
        scale;
      measured.push({ model: id, input: 'astronaut', output: 'mesh px @512', maxAbsDiff: px, magnitude: 512 });
      expect(px).toBeLessThan(MESH_PIXEL_TOLERANCE);
    }
    // Plausibility on a real face guards the manifest's normalisation, which equal outputs alone cannot.
    if (id === 'blazeface') {
      const logits = [
        ...(results.get('onnx:Identity') as Float32Array),
        ...(results.get('onnx:Identity_1') as Float32Array),
      ];
      expect(Math.max(...logits)).toBeGreaterThan(0); // some anchor scores the face above 0.5 after the sigmoid
    }
    if (id === 'facemesh') expect((results.get('onnx:output_faceflag') as Float32Array)[0]).toBeGreaterThan(0.9);
    if (id === 'emotion') {
      const probabilities = Array.from(results.get('onnx:Identity') as Float32Array);
      expect(probabilities.indexOf(Math.max(...probabilities))).toBe(3); // 'happy': she smiles
    }
  });

  it('on seeded random inputs', async () => {
    for (const seed of [1, 2]) await compare(`random#${seed}`, randomInput(model, seed));
  });
});
