import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runMien, type CliRun } from './cli-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerMixFromFlag } from '../../../src/main/cli/style-transfer';

const fixtures = join(import.meta.dirname, '../../fixtures');
const nets = join(fixtures, 'autodiff');
const astronaut = join(fixtures, 'astronaut.png');

const mien = (dataDir: string, ...args: string[]): Promise<CliRun> => runMien(['--data-dir', dataDir, ...args]);

describe('mien transfer --generator (method A, in-process, real engine)', () => {
  let dataDir: string;
  let mirrored: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mien-cli-transfer-'));
    mirrored = join(dataDir, 'mirrored.png');
    writeFileSync(mirrored, await sharp(astronaut).flop().png().toBuffer());
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('reads --layers as style inputs or metadata names, refusing the unknown and clamping alphas with a note', () => {
    const names = ['b4/conv1', 'b8/conv0_up', 'b8/conv1'];
    const notes: string[] = [];
    const note = (line: string): void => void notes.push(line);
    expect(layerMixFromFlag('1', names, note)).toEqual({ 'layer-0': 0, 'layer-1': 1, 'layer-2': 0 });
    expect(layerMixFromFlag('b8/conv1=0.5,0', names, note)).toEqual({ 'layer-0': 1, 'layer-1': 0, 'layer-2': 0.5 });
    expect(() => layerMixFromFlag('7', names, note)).toThrow(/"7" is not a layer of this generator/);
    expect(notes).toEqual([]);
    expect(layerMixFromFlag('1=2', names, note)).toEqual({ 'layer-0': 0, 'layer-1': 1, 'layer-2': 0 });
    expect(notes).toEqual(['note: --layers 1 2 is out of range; used 1']);
    expect(() => layerMixFromFlag('1=half', names, note)).toThrow(/--layers 1 must be a number from 0 to 1/);
  });

  it('refuses an unknown generator before importing, then transfers with the installed reference nets', async () => {
    const out = join(dataDir, 'out.png');
    const missing = await mien(dataDir, 'transfer', astronaut, mirrored, '--out', out, '--generator', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No installed model "nope"');
    expect(JSON.parse((await mien(dataDir, '--json', 'projects', 'list')).out)).toEqual([]);

    for (const name of ['synthesis-grouped', 'perceptual', 'mapping']) {
      expect((await mien(dataDir, 'models', 'install', join(nets, `${name}.onnx`))).code).toBe(0);
    }
    const done = await mien(
      dataDir,
      '--json',
      'transfer',
      astronaut,
      mirrored,
      '--out',
      out,
      '--generator',
      'synthesis-grouped',
      '--layers',
      '3,4',
      '--iterations',
      '30',
    );
    expect(done.code, done.err).toBe(0);
    const summary = JSON.parse(done.out) as { appearanceLoss: number[]; width: number; height: number };
    expect(summary.appearanceLoss).toHaveLength(30);
    expect(summary.appearanceLoss[29]!).toBeLessThan(summary.appearanceLoss[0]!);
    const meta = await sharp(readFileSync(out)).metadata();
    expect([meta.width, meta.height]).toEqual([summary.width, summary.height]);
    expect([meta.width, meta.height]).toEqual([512, 512]);
    // The scratch project is gone; the models stay installed.
    expect(JSON.parse((await mien(dataDir, '--json', 'projects', 'list')).out)).toEqual([]);
  }, 240_000);
});
