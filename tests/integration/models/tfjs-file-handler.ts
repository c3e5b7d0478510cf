import * as tf from '@tensorflow/tfjs';
import { readTfjsGraphModel } from '../../../src/main/engine/models/convert/tfjs-format';

/**
 * A tf.io.IOHandler that reads model.json and its shards from disk. tfjs-node (which provides file://)
 * is not installed, and the plain tfjs package only loads over HTTP or from browser storage.
 */
export function fileModelHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const files = await readTfjsGraphModel(modelJsonPath);
      const weightSpecs = files.json.weightsManifest.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[];
      const joined = new Uint8Array(files.groupBytes.reduce((n, b) => n + b.byteLength, 0));
      let offset = 0;
      for (const bytes of files.groupBytes) {
        joined.set(bytes, offset);
        offset += bytes.byteLength;
      }
      return {
        modelTopology: files.json.modelTopology as unknown as tf.io.ModelArtifacts['modelTopology'],
        format: files.json.format,
        generatedBy: files.json.generatedBy,
        convertedBy: files.json.convertedBy,
        signature: files.json.signature as tf.io.ModelArtifacts['signature'],
        userDefinedMetadata: files.json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
        weightSpecs,
        weightData: joined.buffer,
      };
    },
  };
}

/** Loads a TF.js graph model from a model.json path with the cpu backend (deterministic, no native code). */
export async function loadTfjsGraphModel(modelJsonPath: string): Promise<tf.GraphModel> {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  await tf.ready();
  return tf.loadGraphModel(fileModelHandler(modelJsonPath));
}
