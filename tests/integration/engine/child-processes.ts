import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const REOPEN = path.resolve(__dirname, 'fixtures/reopen-and-report.ts');

export interface HeldChild {
  child: ChildProcess;
  pid: number;
  /** The first line the child printed. */
  firstLine: string;
  /** Ends the child's stdin (it then lets go and exits); resolves with its exit code. */
  release(): Promise<number | null>;
}

/** Spawns a Node child and resolves once it has printed its first line. */
function spawnUntilFirstLine(args: string[]): Promise<HeldChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const giveUp = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stdout.includes('\n')) return;
      resolve({
        child,
        pid: child.pid!,
        firstLine: stdout.split('\n')[0]!,
        release: () => {
          child.stdin!.end();
          return exited.finally(() => clearTimeout(giveUp));
        },
      });
    });
    void exited.then((code) => reject(new Error(`child ended with ${code} before its first line: ${stderr}`)));
  });
}

/** Another Mien process: an engine opened on `dataDir` in a child process, kept open until released. */
export const holdDataFolder = (dataDir: string): Promise<HeldChild> =>
  spawnUntilFirstLine(['--import', 'tsx', REOPEN, dataDir]);

/**
 * Another program holding SQLite's exclusive lock on a database (as a sqlite3 shell inside BEGIN
 * EXCLUSIVE does), with no Mien lock file: even readers wait. Released when its stdin ends.
 */
export const holdSqliteLock = (dbPath: string): Promise<HeldChild> =>
  spawnUntilFirstLine([
    '-e',
    `const Database = require('better-sqlite3');
     const db = new Database(${JSON.stringify(dbPath)});
     db.pragma('locking_mode = EXCLUSIVE');
     db.exec('BEGIN EXCLUSIVE');
     db.prepare('SELECT count(*) FROM sqlite_master').get();
     process.stdout.write('locked\\n');
     process.stdin.resume();
     process.stdin.on('end', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`,
  ]);
