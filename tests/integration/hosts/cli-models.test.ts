import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMien, type CliRun } from './cli-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../../../src/shared/api';

const fixtures = join(import.meta.dirname, '../../fixtures/autodiff');
const synthesis = join(fixtures, 'synthesis-grouped.onnx');
const synthesisSha256 = readFileSync(join(fixtures, 'SHA256SUMS'), 'utf8').split(/\s+/)[0] as string;

const mien = (dataDir: string, ...args: string[]): Promise<CliRun> =>
  runMien(['--data-dir', dataDir, ...args], { analyzeFacesAfterImport: false });

describe('mien models (in-process, real engine)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mien-cli-models-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('installs the reference generator with its sidecar, lists it, refuses a wrong sha256 and removes it', async () => {
    expect(synthesisSha256).toBe('d00ab1c458c1bed714650e824808c953409e91bbe1169e85ec5aa49fa2289936');
    expect((await mien(dataDir, 'models', 'list')).out).toBe('(no models installed)');

    const wrong = await mien(dataDir, 'models', 'install', synthesis, '--sha256', 'ab'.repeat(32));
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain(`synthesis-grouped.onnx has sha256 ${synthesisSha256}, expected ${'ab'.repeat(32)}`);

    const installed = await mien(
      dataDir,
      '--json',
      'models',
      'install',
      synthesis,
      '--sha256',
      synthesisSha256,
      '--role',
      'synthesis',
    );
    expect(installed.code, installed.err).toBe(0);
    const view = methods['models.install'].result.parse(JSON.parse(installed.out));
    expect(view).toMatchObject({ id: 'synthesis-grouped', role: 'synthesis', source: 'file' });

    const listed = await mien(dataDir, 'models', 'list');
    expect(listed.out).toMatch(/^synthesis-grouped {2}synthesis {2}64px, 10 ws {2}1\.0 MB {2}sha256 d00ab1c458c1 /);

    const badRole = await mien(dataDir, 'models', 'install', synthesis, '--role', 'painter');
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain(
      '--role must be one of synthesis, mapping, perceptual, encoder, motion, got "painter"',
    );

    const noSidecar = await mien(dataDir, 'models', 'install', join(dataDir, 'elsewhere.onnx'));
    expect(noSidecar.code).toBe(1);
    expect(noSidecar.err).toContain('Cannot read the metadata sidecar');

    expect((await mien(dataDir, 'models', 'remove', 'synthesis-grouped')).out).toBe('Removed synthesis-grouped');
    expect((await mien(dataDir, 'models', 'list')).out).toBe('(no models installed)');
  });
});
