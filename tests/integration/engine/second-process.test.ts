import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SystemInfo } from '../../../src/shared/api';
import { createEngine } from '../../../src/main/engine/engine';
import { runCli } from '../../../src/main/cli/run-cli';
import { holdDataFolder, type HeldChild } from './child-processes';
import { apiErrorOf, startEngine, type Harness } from './engine-harness';

let dataDir: string;
let h: Harness | undefined;
let first: HeldChild | undefined;
afterEach(async () => {
  await first?.release();
  first = undefined;
  await h?.close();
  h = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A job row in state 'running', as the first process has while it works. */
const insertRunningJob = (dbPath: string, projectId: string | null): string => {
  const db = new Database(dbPath);
  try {
    const id = 'job-of-the-first-process';
    db.prepare(
      `INSERT INTO jobs (id, kind, project_id, priority, state, title, progress_fraction, progress_stage, has_preview, created_at, started_at)
       VALUES (?, 'import-photo', ?, 'interactive', 'running', 'Import running elsewhere', 0.5, 'Decoding', 0, ?, ?)`,
    ).run(id, projectId, Date.now(), Date.now());
    return id;
  } finally {
    db.close();
  }
};

describe('two Mien processes on one data folder', () => {
  it('the second refuses naming the first one by pid, leaves its running jobs alone, and the CLI does not list them as its own', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-two-'));
    const dbPath = path.join(dataDir, 'mien.sqlite');
    first = await holdDataFolder(dataDir);
    const report = JSON.parse(first.firstLine) as { pid: number; store: { ok: boolean } };
    expect(report.store.ok).toBe(true);
    const jobId = insertRunningJob(dbPath, null);

    h = await startEngine({ dataDir });
    const info = SystemInfo.parse(await h.call('system.info', {}));
    expect(info.store).toMatchObject({ ok: false, problem: 'in_use' });
    expect(!info.store.ok && info.store.reason).toContain(`in use by another Mien process (pid ${first.pid}`);
    const refused = await apiErrorOf(h.call('jobs.list', {}));
    expect(refused.code).toBe('store_in_use');
    expect(refused.message).toContain(`pid ${first.pid}`);
    await h.close();
    h = undefined;

    const out: string[] = [];
    const err: string[] = [];
    // The engine's log lines go to the console: the user sees those as well as the CLI's own.
    // Every console.warn line during the run is collected (and still printed); the spy goes even if the run throws.
    const logged = vi.spyOn(console, 'warn');
    let code: number;
    let logLines: string[];
    try {
      code = await runCli(['--data-dir', dataDir, 'jobs', 'list'], {
        io: { out: (line) => out.push(line), err: (line) => err.push(line) },
        createEngine: (options) => createEngine({ ...options, workers: 1 }),
      });
    } finally {
      logLines = logged.mock.calls.map((call) => call.join(' '));
      logged.mockRestore();
    }
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(
      new RegExp(`in use by another Mien process \\(pid ${first.pid}.*\\[store_in_use\\]`),
    );
    // Said once: the CLI's error line, not also an [engine] line.
    const sayings = [...err, ...logLines].filter((line) => line.includes('in use by another Mien process'));
    expect(sayings).toHaveLength(1);
    expect(out.join('\n')).not.toContain(jobId);

    // The first process's job is still running as far as the database knows.
    const check = new Database(dbPath, { readonly: true });
    expect(check.prepare('SELECT state FROM jobs WHERE id = ?').pluck().get(jobId)).toBe('running');
    check.close();
  }, 60_000);

  it('takes over the lock of a process that is gone', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-stale-lock-'));
    // A pid that certainly ran and certainly ended.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    fs.writeFileSync(
      path.join(dataDir, 'mien.lock'),
      JSON.stringify({ pid: deadPid, host: os.hostname(), startKey: null, since: Date.now() - 60_000 }),
    );
    h = await startEngine({ dataDir });
    expect(SystemInfo.parse(await h.call('system.info', {})).store.ok).toBe(true);
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, 'mien.lock'), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(process.pid);
    await h.close();
    h = undefined;
    // Closing lets go of the folder.
    expect(fs.existsSync(path.join(dataDir, 'mien.lock'))).toBe(false);
  }, 60_000);
});
