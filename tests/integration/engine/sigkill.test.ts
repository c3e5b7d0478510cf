import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoreStatus } from '../../../src/shared/api';

const CHILD = path.resolve(__dirname, 'fixtures/import-save-loop.ts');
const REOPEN = path.resolve(__dirname, 'fixtures/reopen-and-report.ts');
const ROUNDS = 3;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-sigkill-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Runs the import/save loop in a child process and SIGKILLs it a random moment after its second import. */
const runAndKill = () =>
  new Promise<{ imported: number; stagedAtKill: number; pid: number }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let imported = 0;
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    let stagedAtKill = 0;
    const giveUp = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const counts = [...chunk.toString().matchAll(/imported (\d+)/g)].map((match) => Number(match[1]));
      imported = Math.max(imported, ...counts);
      if (imported >= 2 && !killTimer) {
        killTimer = setTimeout(() => {
          stagedAtKill = countStagedFiles();
          child.kill('SIGKILL');
        }, Math.random() * 400);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(giveUp);
      if (signal === 'SIGKILL' && imported >= 2) resolve({ imported, stagedAtKill, pid: child.pid ?? -1 });
      else reject(new Error(`child ended with ${code ?? signal} after ${imported} imports: ${stderr}`));
    });
  });

const countStagedFiles = (): number => {
  const root = path.join(dataDir, 'blobs', '.staging');
  if (!fs.existsSync(root)) return 0;
  return fs.readdirSync(root).reduce((sum, folder) => sum + fs.readdirSync(path.join(root, folder)).length, 0);
};

const pidRuns = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Names each leftover staging folder, its files and whether the pid in its name runs, for a failure message. */
const describeStaging = (killedPid: number, reopenPid: number): string => {
  const root = path.join(dataDir, 'blobs', '.staging');
  const folders = fs.existsSync(root) ? fs.readdirSync(root) : [];
  const lines = folders.map((folder) => {
    const pid = Number.parseInt(folder, 10);
    const files = fs.readdirSync(path.join(root, folder));
    return `${folder} (pid ${pidRuns(pid) ? 'in use' : 'free'}): ${files.join(', ')}`;
  });
  return [`killed child ${killedPid}, reopening process ${reopenPid}; staging folders:`, ...lines].join('\n  ');
};

interface ReopenReport {
  pid: number;
  store: StoreStatus;
  jobStates: string[];
}

/**
 * "The next start": a new process opens an engine on the folder and reports; its engine stays open
 * until `close` (so the folder is inspected while that engine runs, as a user's next session would).
 */
const reopenInNewProcess = () =>
  new Promise<{ report: ReopenReport; close: () => Promise<number | null> }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', REOPEN, dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const giveUp = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n') || !line) return;
      resolve({
        report: JSON.parse(line) as ReopenReport,
        close: () => {
          child.stdin.end();
          return exited.finally(() => clearTimeout(giveUp));
        },
      });
    });
    void exited.then((code) => reject(new Error(`reopening process ended with ${code} before reporting: ${stderr}`)));
  });

const sha256File = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Opens the database left by the killed process, read-only, and checks it is whole and consistent. */
const checkDatabase = () => {
  const db = new Database(path.join(dataDir, 'mien.sqlite'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const blobs = db.prepare('SELECT sha256, byte_size FROM blobs').all() as Array<{
      sha256: string;
      byte_size: number;
    }>;
    for (const blob of blobs) {
      const file = path.join(dataDir, 'blobs', blob.sha256.slice(0, 2), blob.sha256);
      expect(fs.existsSync(file), `blob ${blob.sha256} is missing`).toBe(true);
      expect(fs.statSync(file).size).toBe(blob.byte_size);
      expect(sha256File(file)).toBe(blob.sha256);
    }
    const referenced = db
      .prepare('SELECT original_sha256 AS a, working_sha256 AS b, thumbnail_sha256 AS c FROM assets')
      .all() as Array<Record<string, string>>;
    const known = new Set(blobs.map((blob) => blob.sha256));
    for (const row of referenced) for (const sha of Object.values(row)) expect(known.has(sha)).toBe(true);
    return { assets: referenced.length, blobs: blobs.length };
  } finally {
    db.close();
  }
};

describe('killing the process mid import and save', () => {
  it(`leaves an openable, consistent store every time (${ROUNDS} rounds of SIGKILL)`, async () => {
    let lastAssets = 0;
    let interrupted = 0;
    for (let round = 1; round <= ROUNDS; round += 1) {
      const { imported, stagedAtKill, pid: killedPid } = await runAndKill();
      const { assets, blobs } = checkDatabase();
      // Every import the child reported as done is durable.
      expect(assets).toBeGreaterThanOrEqual(lastAssets + imported);
      lastAssets = assets;
      console.log(
        `round ${round}: killed after ${imported} imports, ${stagedAtKill} staged files at the kill; ` +
          `${assets} assets, ${blobs} blobs all present and hashing to their names`,
      );

      // The next start opens the store (an unusable one is left untouched, staging included), cleans
      // the killed process's staging files and shows its jobs as interrupted.
      const reopened = await reopenInNewProcess();
      try {
        const { report } = reopened;
        expect(report.store.ok, `the next start could not use the store: ${JSON.stringify(report.store)}`).toBe(true);
        expect(countStagedFiles(), describeStaging(killedPid, report.pid)).toBe(0);
        expect(report.jobStates.filter((state) => state === 'running' || state === 'queued')).toEqual([]);
        interrupted = report.jobStates.filter((state) => state === 'interrupted').length;
      } finally {
        expect(await reopened.close()).toBe(0);
      }
    }
    // Two import lanes run back to back, so the kills catch imports in flight: they show as interrupted.
    expect(interrupted).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
