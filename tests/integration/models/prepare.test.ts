import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/main/engine/models/hash';
import { ModelManifest } from '../../../src/main/engine/models/manifest';
import { findPackageDir, prepareModels } from '../../../src/main/engine/models/prepare';

const ROOT = path.resolve(__dirname, '../../..');
let outDir: string;
const packageDir = findPackageDir('@vladmandic/human', ROOT) as string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'mien-prepare-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const readManifestFile = async (): Promise<ModelManifest> =>
  ModelManifest.parse(JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')));

describe('prepareModels', () => {
  it('converts the five face models and records hashes, shapes, normalisation and provenance', async () => {
    expect(packageDir).toBeTruthy();
    const report = await prepareModels({ packageDir, outDir });
    console.log(
      `conversion of all five models: ${report.totalMs.toFixed(0)} ms (${report.converted.map((c) => `${c.id} ${c.ms.toFixed(0)} ms`).join(', ')})`,
    );
    expect(report.converted.map((c) => c.id)).toEqual(['blazeface', 'facemesh', 'iris', 'emotion', 'faceres']);
    const manifest = await readManifestFile();
    expect(manifest.models.map((m) => m.role)).toEqual([
      'face-detector',
      'face-mesh',
      'iris',
      'emotion',
      'face-descriptor',
    ]);
    for (const model of manifest.models) {
      const bytes = await readFile(path.join(outDir, model.file));
      expect(sha256Hex(bytes)).toBe(model.sha256);
      expect(model.provenance.package).toBe('@vladmandic/human');
      expect(model.provenance.packageVersion).toMatch(/^\d+\.\d+\.\d+/);
    }
    const mesh = manifest.models.find((m) => m.id === 'facemesh');
    expect(mesh?.inputs).toEqual([{ name: 'input_1', shape: [-1, 192, 192, 3], dtype: 'float32' }]);
    expect(mesh?.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['output_mesh', [-1, 1404]],
      ['output_faceflag', [-1, 1]],
      ['output_contours', [-1, 266]],
    ]);
    expect(manifest.models.find((m) => m.id === 'blazeface')?.normalisation.range).toEqual([-1, 1]);
    expect(manifest.models.find((m) => m.id === 'emotion')?.inputs[0]?.shape).toEqual([-1, 64, 64, 1]);
  });

  it('keeps convolutions in NCHW: transposes only at the input and where NHWC order matters', async () => {
    const countOps = async (file: string): Promise<Record<string, number>> => {
      const model = onnxProto.onnx.ModelProto.decode(await readFile(path.join(outDir, file)));
      const counts: Record<string, number> = {};
      for (const node of model.graph?.node ?? [])
        counts[node.opType as string] = (counts[node.opType as string] ?? 0) + 1;
      return counts;
    };
    // facemesh flattens 1x1 maps only, which need no transpose; blazeface flattens 16x16 and 8x8 maps (4 heads).
    expect((await countOps('facemesh.onnx')).Transpose).toBe(1);
    expect((await countOps('blazeface.onnx')).Transpose).toBe(5);
    expect((await countOps('faceres.onnx')).Transpose).toBe(1);
  });

  it('is deterministic: the same source gives byte-identical models', async () => {
    const first = await readManifestFile();
    const again = await mkdtemp(path.join(os.tmpdir(), 'mien-prepare-again-'));
    try {
      await prepareModels({ packageDir, outDir: again });
      const second = ModelManifest.parse(JSON.parse(await readFile(path.join(again, 'manifest.json'), 'utf8')));
      expect(second.models.map((m) => m.sha256)).toEqual(first.models.map((m) => m.sha256));
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });

  it('skips up-to-date models and reconverts only a damaged one', async () => {
    const skipped = await prepareModels({ packageDir, outDir });
    expect(skipped.converted).toEqual([]);
    expect(skipped.skipped).toHaveLength(5);
    await writeFile(path.join(outDir, 'iris.onnx'), 'not a model');
    const repaired = await prepareModels({ packageDir, outDir });
    expect(repaired.converted.map((c) => c.id)).toEqual(['iris']);
    const manifest = await readManifestFile();
    const iris = manifest.models.find((m) => m.id === 'iris');
    expect(sha256Hex(await readFile(path.join(outDir, 'iris.onnx')))).toBe(iris?.sha256);
  });
});
