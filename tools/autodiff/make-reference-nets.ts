/**
 * Writes the reference networks the autodiff tests and benchmark use into tests/fixtures/autodiff,
 * with SHA256SUMS. Deterministic: running it again rewrites identical bytes.
 *   npx tsx tools/autodiff/make-reference-nets.ts [outDir]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeModel } from '../../src/main/engine/onnx/graph';
import { buildMapping, buildSynthesis, RESOLUTION, synthesisWeights } from './reference-generator';
import { buildPerceptual } from './reference-perceptual';

export const REFERENCE_FILES = [
  'synthesis-grouped.onnx',
  'synthesis-activation.onnx',
  'mapping.onnx',
  'perceptual.onnx',
];

export function referenceNetworks(): Record<string, Uint8Array> {
  const weights = synthesisWeights(20240611);
  const write = (g: ReturnType<typeof buildMapping>): Uint8Array =>
    writeModel(g.toGraph(), { producerName: 'mien-reference-nets' });
  return {
    'synthesis-grouped.onnx': write(buildSynthesis(weights, 'grouped')),
    'synthesis-activation.onnx': write(buildSynthesis(weights, 'activation')),
    'mapping.onnx': write(buildMapping(7)),
    'perceptual.onnx': write(buildPerceptual(11, RESOLUTION)),
  };
}

if (process.argv[1]?.endsWith('make-reference-nets.ts')) {
  const outDir = process.argv[2] ?? join('tests', 'fixtures', 'autodiff');
  mkdirSync(outDir, { recursive: true });
  const lines: string[] = [];
  for (const [name, bytes] of Object.entries(referenceNetworks())) {
    writeFileSync(join(outDir, name), bytes);
    lines.push(`${createHash('sha256').update(bytes).digest('hex')}  ${name}`);
    console.log(`${name}: ${bytes.length} bytes`);
  }
  writeFileSync(join(outDir, 'SHA256SUMS'), `${lines.join('\n')}\n`);
}
