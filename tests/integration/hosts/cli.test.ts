import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, Job, Project, SystemInfo } from '../../../src/shared/api';
import { createEngine } from '../../../src/main/engine/engine';
import { runCli } from '../../../src/main/cli/run-cli';

const root = join(import.meta.dirname, '../../..');
const astronautPath = join(root, 'tests/fixtures/astronaut.png');

/** Runs the CLI in-process with the real engine; returns exit code and captured output. */
async function mien(dataDir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--data-dir', dataDir, ...args], {
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
    createEngine: (options) => createEngine({ ...options, workers: 1 }),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('CLI (in-process, real engine)', () => {
  let workDir: string;
  let dataDir: string;

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'mien-cli-'));
    dataDir = join(workDir, 'data');
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('creates a project, imports the astronaut, lists projects and jobs (human and --json)', async () => {
    const created = await mien(dataDir, '--json', 'projects', 'create', 'CLI', 'project');
    expect(created.code).toBe(0);
    const project = Project.parse(JSON.parse(created.out));
    expect(project.name).toBe('CLI project');

    const imported = await mien(dataDir, '--json', 'import', project.id, astronautPath);
    expect(imported.code, imported.err).toBe(0);
    const { job, asset } = JSON.parse(imported.out) as { job: unknown; asset: unknown };
    expect(Job.parse(job).state).toBe('succeeded');
    expect(Asset.parse(asset).originalName).toBe('astronaut.png');
    expect(imported.err).toMatch(/import: \d+% /); // progress lines go to stderr

    const listed = await mien(dataDir, '--json', 'projects', 'list');
    const projects = (JSON.parse(listed.out) as unknown[]).map((p) => Project.parse(p));
    expect(projects.find((p) => p.id === project.id)?.assetCount).toBe(1);

    const human = await mien(dataDir, 'projects', 'list');
    expect(human.out).toContain(`${project.id}  CLI project  (1 asset,`);

    const jobs = await mien(dataDir, '--json', 'jobs', 'list', '--project', project.id);
    const jobList = (JSON.parse(jobs.out) as unknown[]).map((j) => Job.parse(j));
    // The import waits for the face analysis it started, so nothing is left interrupted.
    expect(jobList.map((j) => [j.kind, j.state]).sort()).toEqual([
      ['analyze-face', 'succeeded'],
      ['import-photo', 'succeeded'],
    ]);
    const jobsHuman = await mien(dataDir, 'jobs', 'list');
    expect(jobsHuman.out).toMatch(/succeeded\s+100%\s+Import astronaut\.png/);

    const info = await mien(dataDir, '--json', 'info');
    const parsedInfo = SystemInfo.parse(JSON.parse(info.out));
    expect(parsedInfo.host).toBe('cli');
    expect(parsedInfo.store.ok).toBe(true);
  });

  it('exits 1 with the engine message when an import fails, and 2 on a bad command line', async () => {
    const project = Project.parse(JSON.parse((await mien(dataDir, '--json', 'projects', 'create', 'Errors')).out));
    const textFile = join(workDir, 'not-a-photo.jpg');
    writeFileSync(textFile, 'this is text, not a JPEG\n'.repeat(20));
    const notImage = await mien(dataDir, 'import', project.id, textFile);
    expect(notImage.code).toBe(1);
    expect(notImage.err).toMatch(/not-a-photo\.jpg.*\[(not_an_image|unsupported_format)\]/s);

    const noProject = await mien(dataDir, 'import', 'no-such-project', astronautPath);
    expect(noProject.code).toBe(1);
    expect(noProject.err).toMatch(/\[not_found\]/);

    const noFile = await mien(dataDir, '--json', 'import', project.id, join(workDir, 'missing.png'));
    expect(noFile.code).toBe(1);
    expect(JSON.parse(noFile.out)).toMatchObject({ error: { code: 'not_found' } });

    expect((await mien(dataDir, 'projects', 'create', '   ')).code).toBe(1); // empty name: invalid_request
    expect((await mien(dataDir, 'frobnicate')).code).toBe(2);
    expect((await mien(dataDir, '--bogus', 'info')).code).toBe(2);
    expect((await mien(dataDir, 'import', project.id)).code).toBe(2);
    const help = await mien(dataDir, '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('projects create <name>');
  });

  it('on a command-line mistake prints the error and one line on where help is, not the whole help', async () => {
    const cases: Array<[string[], string, string]> = [
      [['frobnicate'], 'mien: unknown command "frobnicate"', 'Run "npm run mien -- help" for the list of commands.'],
      [[], 'mien: no command given', 'Run "npm run mien -- help" for the list of commands.'],
      [
        ['edit', 'x.jpg', '--bogus'],
        "mien: Unknown option '--bogus'",
        'Run "npm run mien -- edit --help" for its options.',
      ],
      [
        ['import', 'project-id'],
        'mien: usage: import <projectId> <file>',
        'Run "npm run mien -- import --help" for its options.',
      ],
    ];
    for (const [args, error, hint] of cases) {
      const run = await mien(dataDir, ...args);
      expect(run.code, args.join(' ')).toBe(2);
      const lines = run.err.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain(error);
      expect(lines[1]).toBe(hint);
      expect(run.out).toBe('');
    }
    // Help for one command: its own lines and the options, not the other commands.
    for (const args of [
      ['edit', '--help'],
      ['help', 'edit'],
    ]) {
      const edit = await mien(dataDir, ...args);
      expect(edit.code).toBe(0);
      expect(edit.out).toContain('edit <portrait> --out <file.png>');
      expect(edit.out).toContain('--data-dir <path>');
      expect(edit.out).not.toContain('projects create');
    }
    const full = await mien(dataDir, 'help');
    expect(full.code).toBe(0);
    for (const command of [
      'info',
      'projects list',
      'import',
      'jobs list',
      'models install',
      'edit',
      'transfer',
      'retarget',
      'render',
      'animate',
    ]) {
      expect(full.out).toContain(`  ${command} `);
    }
  });
});

describe('CLI through `npm run mien` (scripts/cli.mjs, child process)', () => {
  it('imports and lists with --json, exit codes set', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mien-cli-child-'));
    try {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [join(root, 'scripts/cli.mjs'), '--data-dir', dataDir, ...args], {
          cwd: root,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, INIT_CWD: root },
        });
      const created = run('--json', 'projects', 'create', 'Child');
      expect(created.status, created.stderr).toBe(0);
      const project = Project.parse(JSON.parse(created.stdout));
      const imported = run('--json', 'import', project.id, 'tests/fixtures/astronaut.png');
      expect(imported.status, imported.stderr).toBe(0);
      expect(Asset.parse((JSON.parse(imported.stdout) as { asset: unknown }).asset).projectId).toBe(project.id);
      const listed = run('--json', 'projects', 'list');
      expect(listed.status).toBe(0);
      expect((JSON.parse(listed.stdout) as Array<{ assetCount: number }>)[0]?.assetCount).toBe(1);
      const failed = run('projects', 'get-nothing');
      expect(failed.status).toBe(2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
