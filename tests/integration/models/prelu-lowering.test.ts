import { readFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../src/main/engine/models/registry';

const { onnx } = onnxProto;
const modelsDir = path.resolve(import.meta.dirname, '../../../resources/models');

/** Op counts of a prepared model, read back from its ONNX file. */
async function opCounts(role: 'face-mesh' | 'iris' | 'face-detector'): Promise<Map<string, number>> {
  const registry = await ModelRegistry.open(modelsDir);
  const { model } = await registry.verify(role);
  const graph = onnx.ModelProto.decode(await readFile(path.join(modelsDir, model.file))).graph;
  const counts = new Map<string, number>();
  for (const node of graph?.node ?? []) counts.set(node.opType ?? '', (counts.get(node.opType ?? '') ?? 0) + 1);
  return counts;
}

describe('converter: PRelu lowering', () => {
  // The TF.js mesh has 28 per-channel PRelus and the iris model 53; each becomes 3 Conv + 2 Relu + Add.
  it.each([
    ['face-mesh', 28],
    ['iris', 53],
  ] as const)('writes every PRelu of %s as Relu and depthwise 1x1 convolutions', async (role, prelus) => {
    const counts = await opCounts(role);
    expect(counts.get('PRelu') ?? 0).toBe(0);
    expect(counts.get('Relu') ?? 0).toBeGreaterThanOrEqual(2 * prelus);
    expect(counts.get('Add') ?? 0).toBeGreaterThanOrEqual(prelus);
  });
});
