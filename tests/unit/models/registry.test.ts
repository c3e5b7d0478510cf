import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api/errors';
import { convertTfjsGraph } from '../../../src/main/engine/models/convert/convert';
import { sha256Hex } from '../../../src/main/engine/models/hash';
import type { ModelManifest } from '../../../src/main/engine/models/manifest';
import { ModelRegistry } from '../../../src/main/engine/models/registry';
import { providersInThisBuild } from '../../../src/main/engine/models/sessions';
import { SyntheticGraph } from './synthetic-graph';

/** A one-conv model: small enough to write per test, real enough for ORT to run. */
function tinyModel(): Uint8Array {
  const g = new SyntheticGraph(3);
  const x = g.input('image', [-1, 8, 8, 3]);
  const y = g.op('conv', '_FusedConv2D', [x, g.floats('w', [3, 3, 3, 2]), g.floats('b', [2])], {
    fused_ops: ['BiasAdd', 'Relu'],
    strides: [1, 1, 1, 1],
    padding: 'SAME',
  });
  g.op('features', 'Identity', [y]);
  return convertTfjsGraph(g.build().files).onnx;
}

function manifestFor(bytes: Uint8Array): ModelManifest {
  return {
    manifestVersion: 1,
    converterVersion: 1,
    models: [
      {
        id: 'tiny',
        role: 'emotion',
        file: 'tiny.onnx',
        sha256: sha256Hex(bytes),
        bytes: bytes.byteLength,
        opset: 17,
        inputs: [{ name: 'image', shape: [-1, 8, 8, 3], dtype: 'float32' }],
        outputs: [{ name: 'features', shape: [-1, 8, 8, 2], dtype: 'float32' }],
        inputLayout: 'NHWC',
        normalisation: { channels: 'rgb', scale: 1, offset: 0, range: [0, 1], formula: 'rgb / 255' },
        provenance: {
          package: 'synthetic',
          packageVersion: '0.0.0',
          originalModel: 'synthetic/model.json',
          originalSha256: '0'.repeat(64),
          upstream: 'test',
          licence: 'MIT',
          licenceNote: 'test model',
        },
        notes: 'test model',
      },
    ],
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mien-registry-'));
  const bytes = tinyModel();
  await writeFile(path.join(dir, 'tiny.onnx'), bytes);
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifestFor(bytes)));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('ModelRegistry', () => {
  it('creates a cpu session for a file that matches its manifest, by id or by role', async () => {
    const registry = await ModelRegistry.open(dir);
    const { session, provider, warning } = await registry.createSession('emotion');
    expect(provider).toBe('cpu');
    expect(warning).toBeUndefined();
    const out = await session.run({
      image: new ort.Tensor('float32', new Float32Array(8 * 8 * 3).fill(0.5), [1, 8, 8, 3]),
    });
    expect(out.features?.dims).toEqual([1, 8, 8, 2]);
    await session.release();
    expect(registry.find('tiny').file).toBe('tiny.onnx');
  });

  it('refuses a tampered model file and says how to fix it', async () => {
    const file = path.join(dir, 'tiny.onnx');
    const bytes = await readFile(file);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0xff; // flip one byte
    await writeFile(file, bytes);
    const registry = await ModelRegistry.open(dir);
    const error = await rejection(registry.createSession('tiny'));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(
      /^tiny\.onnx does not match its manifest \(sha256 [0-9a-f]{12}\.\.\., expected [0-9a-f]{12}\.\.\.\); run `npm run prepare-models`\.$/,
    );
    expect(error.details?.actual).toBe(sha256Hex(bytes));
  });

  it('refuses a missing model file', async () => {
    await rm(path.join(dir, 'tiny.onnx'));
    const registry = await ModelRegistry.open(dir);
    const error = await rejection(registry.verify('tiny'));
    expect(error.message).toMatch(/tiny\.onnx is missing/);
  });

  it('reports unprepared models when the manifest is missing', async () => {
    await rm(path.join(dir, 'manifest.json'));
    const error = await rejection(ModelRegistry.open(dir));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/not prepared: .*manifest\.json is missing; run `npm run prepare-models`/);
  });

  it('rejects an unknown model name', async () => {
    const registry = await ModelRegistry.open(dir);
    expect(() => registry.find('face-mesh')).toThrowError(/No model "face-mesh"/);
  });

  it('falls back to cpu with a warning when a provider is absent or fails to start', async () => {
    const registry = await ModelRegistry.open(dir);
    const absent = ['dml', 'coreml', 'webgpu', 'cuda'].find((name) => !providersInThisBuild().includes(name));
    if (absent) {
      const result = await registry.createSession('tiny', { provider: absent as 'dml' });
      expect(result.provider).toBe('cpu');
      expect(result.warning).toMatch(
        new RegExp(`^tiny\\.onnx: ${absent} is not part of this onnxruntime-node build .*; running on cpu instead\\.$`),
      );
      await result.session.release();
    }
    // webgpu is in the Linux/Windows/macOS builds; without a GPU adapter it must fail over, with one it must run.
    const webgpu = await registry.createSession('tiny', { provider: 'webgpu' });
    if (webgpu.provider === 'cpu') expect(webgpu.warning).toMatch(/webgpu (failed to initialise|is not part)/);
    else expect(webgpu.warning).toBeUndefined();
    await webgpu.session.release();
  });
});
