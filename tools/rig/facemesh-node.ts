/**
 * One-off MediaPipe facemesh runner for the rig's offline tools (canonical-shape generation and
 * the real-portrait sanity fit). It is not the product's face pipeline: no detector, the caller
 * gives a rough face box and the mesh is re-run on a box recomputed from its own output, as
 * MediaPipe's tracker does between frames.
 *
 * Uses @tensorflow/tfjs with its pure-JS cpu backend (a dev dependency) and the facemesh model
 * shipped in @vladmandic/human (192x192 input, 468x3 output in crop pixels).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);
const MODEL_INPUT = 192;

export interface FaceBox {
  centerX: number;
  centerY: number;
  /** side of the square crop in image pixels */
  size: number;
}

/** 468 points: x, y in image pixels, z in the same pixel scale (smaller = closer to camera). */
export type MeshPoints = Float64Array;

let modelPromise: Promise<tf.GraphModel> | null = null;

function loadFacemeshModel(): Promise<tf.GraphModel> {
  modelPromise ??= (async () => {
    await tf.setBackend('cpu');
    // The package's exports map hides models/, so resolve its root and walk from there.
    const humanRoot = path.dirname(path.dirname(require.resolve('@vladmandic/human')));
    const jsonPath = path.join(humanRoot, 'models', 'facemesh.json');
    const json = JSON.parse(await readFile(jsonPath, 'utf8'));
    const manifest = json.weightsManifest as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    const buffers: Buffer[] = [];
    for (const group of manifest) {
      for (const file of group.paths) buffers.push(await readFile(path.join(path.dirname(jsonPath), file)));
    }
    const weightData = Buffer.concat(buffers);
    const handler: tf.io.IOHandler = {
      load: async () => ({
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        weightSpecs: manifest.flatMap((group) => group.weights),
        weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
      }),
    };
    return tf.loadGraphModel(handler);
  })();
  return modelPromise;
}

async function cropRgb(imagePath: string, box: FaceBox): Promise<Float32Array> {
  const image = sharp(imagePath).removeAlpha();
  const meta = await image.metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const left = Math.round(box.centerX - box.size / 2);
  const top = Math.round(box.centerY - box.size / 2);
  const side = Math.round(box.size);
  // Pad with black where the box leaves the image, as cropAndResize does.
  const padLeft = Math.max(0, -left);
  const padTop = Math.max(0, -top);
  const padRight = Math.max(0, left + side - width);
  const padBottom = Math.max(0, top + side - height);
  const raw = await sharp(imagePath)
    .removeAlpha()
    .extend({ left: padLeft, top: padTop, right: padRight, bottom: padBottom, background: { r: 0, g: 0, b: 0 } })
    .extract({ left: left + padLeft, top: top + padTop, width: side, height: side })
    .resize(MODEL_INPUT, MODEL_INPUT, { kernel: 'linear' })
    .raw()
    .toBuffer();
  const out = new Float32Array(MODEL_INPUT * MODEL_INPUT * 3);
  for (let i = 0; i < out.length; i++) out[i] = (raw[i] ?? 0) / 255;
  return out;
}

async function runOnce(imagePath: string, box: FaceBox): Promise<{ mesh: MeshPoints; score: number }> {
  const model = await loadFacemeshModel();
  const pixels = await cropRgb(imagePath, box);
  const input = tf.tensor4d(pixels, [1, MODEL_INPUT, MODEL_INPUT, 3]);
  const outputs = model.execute(input) as tf.Tensor[];
  const meshTensor = outputs.find((t) => t.shape[t.shape.length - 1] === 1404);
  const flagTensor = outputs.find((t) => t.shape[t.shape.length - 1] === 1);
  if (!meshTensor || !flagTensor) throw new Error('facemesh model gave no mesh output');
  const raw = await meshTensor.data();
  const score = (await flagTensor.data())[0] ?? 0;
  tf.dispose([input, ...outputs]);
  const scale = box.size / MODEL_INPUT;
  const mesh = new Float64Array(468 * 3);
  for (let i = 0; i < 468; i++) {
    mesh[i * 3] = box.centerX - box.size / 2 + (raw[i * 3] ?? 0) * scale;
    mesh[i * 3 + 1] = box.centerY - box.size / 2 + (raw[i * 3 + 1] ?? 0) * scale;
    mesh[i * 3 + 2] = (raw[i * 3 + 2] ?? 0) * scale;
  }
  return { mesh, score };
}

/** Runs facemesh on a rough box, then twice more on the box its own points give (enlarged 1.5x). */
export async function detectFaceMesh(
  imagePath: string,
  roughBox: FaceBox,
): Promise<{ mesh: MeshPoints; score: number }> {
  let box = roughBox;
  let result = await runOnce(imagePath, box);
  for (let pass = 0; pass < 2; pass++) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < 468; i++) {
      const x = result.mesh[i * 3] ?? 0;
      const y = result.mesh[i * 3 + 1] ?? 0;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    box = { centerX: (minX + maxX) / 2, centerY: (minY + maxY) / 2, size: 1.5 * Math.max(maxX - minX, maxY - minY) };
    result = await runOnce(imagePath, box);
  }
  return result;
}
