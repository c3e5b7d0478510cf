import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMien, type CliRun } from './cli-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../src/shared/api';

const astronautPath = join(import.meta.dirname, '../../fixtures/astronaut.png');

/** Bytes a terminal acts on: C0 controls other than newline and tab, DEL, and C1 controls (CSI is 0x9b). */
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Sets the terminal's title, clears the screen, returns the cursor and turns text red (8-bit CSI). */
const HOSTILE = 'Evil\u001b]0;owned\u0007\u001b[2J\rname\u009b31mend';

const mien = (dataDir: string, ...args: string[]): Promise<CliRun> =>
  runMien(['--data-dir', dataDir, ...args], { analyzeFacesAfterImport: false });

describe('CLI printing names that came from users', () => {
  let workDir: string;
  let dataDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'mien-cli-escapes-'));
    dataDir = join(workDir, 'data');
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('strips terminal control characters from project names, job titles and errors, keeping the text', async () => {
    const created = await mien(dataDir, '--json', 'projects', 'create', HOSTILE);
    expect(created.code, created.err).toBe(0);
    // --json keeps the name exact (JSON escapes control characters itself).
    const project = Project.parse(JSON.parse(created.out));
    expect(project.name).toBe(HOSTILE);

    const hostileFile = join(workDir, `${HOSTILE}.png`);
    copyFileSync(astronautPath, hostileFile);
    const imported = await mien(dataDir, 'import', project.id, hostileFile);
    expect(imported.code, imported.err).toBe(0);

    const outputs = [
      await mien(dataDir, 'projects', 'create', HOSTILE),
      await mien(dataDir, 'projects', 'list'),
      await mien(dataDir, 'jobs', 'list'),
      imported,
      await mien(dataDir, 'import', 'no-such-project', hostileFile), // an error naming the file
    ];
    for (const { out, err } of outputs) {
      expect(out + err, JSON.stringify(out + err)).not.toMatch(TERMINAL_CONTROLS);
    }
    expect(outputs[1]!.out).toMatch(/Evil\]0;owned\[2Jname31mend/);
    expect(outputs[2]!.out).toMatch(/Import Evil\]0;owned\[2Jname31mend\.png/);
  }, 60_000);
});
