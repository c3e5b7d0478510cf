import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { FaceModelName, FaceModels } from '../../src/main/engine/face/face-models';

/**
 * The TF.js peer: the original graph models shipped in @vladmandic/human, run by @tensorflow/tfjs
 * on the wasm backend, behind the same FaceModels interface as our ONNX Runtime backend so the
 * benchmark runs identical pre- and post-processing on both.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const humanModels = path.join(repoRoot, 'node_modules/@vladmandic/human/models');
const wasmDist = path.join(repoRoot, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');

async function loadGraph(name: string): Promise<tf.GraphModel> {
  const jsonPath = path.join(humanModels, `${name}.json`);
  const json = JSON.parse(await readFile(jsonPath, 'utf8')) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
    format?: string;
    generatedBy?: string;
    convertedBy?: string;
    signature?: object;
    userDefinedMetadata?: Record<string, object>;
  };
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const buffers = await Promise.all(
    json.weightsManifest.flatMap((group) => group.paths.map((p) => readFile(path.join(humanModels, p)))),
  );
  const joined = Buffer.concat(buffers);
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs,
      weightData,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  );
}

/** Which wasm build TF.js picked (SIMD, threads), for the benchmark's header. */
export async function tfjsBackendDescription(): Promise<string> {
  const backend = tf.getBackend();
  if (backend !== 'wasm') return backend;
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `wasm (SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'})`;
}

export async function createTfjsFaceModels(backend: 'wasm' | 'cpu' = 'wasm'): Promise<FaceModels> {
  if (backend === 'wasm') setWasmPaths(wasmDist + path.sep);
  await tf.setBackend(backend);
  await tf.ready();
  const detector = await loadGraph('blazeface');
  const mesh = await loadGraph('facemesh');
  const iris = await loadGraph('iris');
  const emotion = await loadGraph('emotion');
  const descriptor = await loadGraph('faceres');
  const nhwc = 'nhwc' as const;
  const layouts: Record<FaceModelName, 'nhwc'> = {
    detector: nhwc,
    mesh: nhwc,
    iris: nhwc,
    emotion: nhwc,
    descriptor: nhwc,
  };

  const run = async (model: tf.GraphModel, input: Float32Array, shape: number[]): Promise<Float32Array[]> => {
    const x = tf.tensor(input, shape, 'float32');
    const out = model.execute(x);
    const outputs = Array.isArray(out) ? out : [out];
    const data = await Promise.all(
      outputs.map(async (t) => ({ shape: t.shape, data: (await t.data()) as Float32Array })),
    );
    tf.dispose([x, ...outputs]);
    return data.map((d) => Object.assign(d.data, { shape: d.shape })) as Array<Float32Array & { shape: number[] }>;
  };
  const byShape = (outputs: Float32Array[], test: (shape: number[]) => boolean): Float32Array => {
    const found = outputs.find((o) => test((o as Float32Array & { shape: number[] }).shape));
    if (!found) throw new Error('TF.js model output of the expected shape is missing');
    return found;
  };
  const last = (shape: number[]) => shape[shape.length - 1]!;

  return {
    layouts,
    async detect(input) {
      const outputs = await run(detector, input, [1, 256, 256, 3]);
      const l512 = byShape(outputs, (s) => s[1] === 512 && last(s) === 1);
      const l384 = byShape(outputs, (s) => s[1] === 384 && last(s) === 1);
      const r512 = byShape(outputs, (s) => s[1] === 512 && last(s) === 16);
      const r384 = byShape(outputs, (s) => s[1] === 384 && last(s) === 16);
      const logits = new Float32Array(896);
      logits.set(l512, 0);
      logits.set(l384, 512);
      const regressors = new Float32Array(896 * 16);
      regressors.set(r512, 0);
      regressors.set(r384, 512 * 16);
      return { logits, regressors };
    },
    async mesh(input, batch) {
      const outputs = await run(mesh, input, [batch, 192, 192, 3]);
      return { points: byShape(outputs, (s) => last(s) === 1404), presence: byShape(outputs, (s) => last(s) === 1) };
    },
    async iris(input, batch) {
      return (await run(iris, input, [batch, 64, 64, 3]))[0]!;
    },
    async emotion(input) {
      return (await run(emotion, input, [1, 64, 64, 1]))[0]!;
    },
    async descriptor(input) {
      return byShape(await run(descriptor, input, [1, 224, 224, 3]), (s) => last(s) === 1024);
    },
    async dispose() {
      for (const model of [detector, mesh, iris, emotion, descriptor]) model.dispose();
    },
  };
}
