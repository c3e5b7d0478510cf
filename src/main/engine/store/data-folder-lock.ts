import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processIsAlive, processStartKey } from './blob-files';

/**
 * One Mien process per data folder: <dataDir>/mien.lock names the process that has the folder
 * open (pid, host, start key). A second process reading a live owner there does not open the
 * database at all, so it can neither mark the owner's running jobs interrupted nor clean files
 * the owner is still writing. A lock whose process is gone (killed, or before a reboot) is taken
 * over. The lock file is advisory: SQLite's own locks still guard every write.
 */
export const LOCK_FILE = 'mien.lock';

export interface LockOwner {
  pid: number;
  host: string;
  /** processStartKey of the owner, where the OS tells (tells a reused pid from the owner). */
  startKey: string | null;
  since: number;
}

export type LockResult =
  { ok: true; lock: DataFolderLock } | { ok: false; owner: LockOwner; lockPath: string; message: string };

/** Folders locked by this process: a second engine in the same process is refused like another process. */
const heldHere = new Set<string>();

const ownIdentity = (): LockOwner => ({
  pid: process.pid,
  host: os.hostname(),
  startKey: processStartKey(process.pid),
  since: Date.now(),
});

const readOwner = (lockPath: string): { owner: LockOwner | null; text: string } | null => {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return { owner: null, text };
    return {
      owner: {
        pid: parsed.pid,
        host: parsed.host,
        startKey: typeof parsed.startKey === 'string' ? parsed.startKey : null,
        since: typeof parsed.since === 'number' ? parsed.since : 0,
      },
      text,
    };
  } catch {
    return { owner: null, text }; // not our format: whatever wrote it holds nothing we can check
  }
};

/** Whether the process named in a lock file still runs (on another host we cannot tell: assume it does). */
const ownerRuns = (owner: LockOwner, lockPath: string): boolean => {
  if (owner.host !== os.hostname()) return true;
  if (owner.pid === process.pid) return heldHere.has(lockPath);
  if (!processIsAlive(owner.pid)) return false;
  const liveKey = owner.startKey ? processStartKey(owner.pid) : null;
  return liveKey === null || liveKey === owner.startKey;
};

export const describeOwner = (owner: LockOwner): string =>
  owner.host === os.hostname()
    ? `pid ${owner.pid}${owner.pid === process.pid ? ', this process' : ''}`
    : `pid ${owner.pid} on ${owner.host}`;

const refusal = (owner: LockOwner, lockPath: string): LockResult => ({
  ok: false,
  owner,
  lockPath,
  message:
    `in use by another Mien process (${describeOwner(owner)}, since ${new Date(owner.since).toISOString()}); ` +
    (owner.host !== os.hostname()
      ? `if Mien no longer runs on ${owner.host}, delete ${lockPath}`
      : 'close that Mien, or wait for it to finish, then try again'),
});

/** Takes the data folder's lock, or says which live process holds it. */
export function lockDataFolder(dataDir: string): LockResult {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const identity = ownIdentity();
  const tempPath = `${lockPath}.${process.pid}.${randomUUID().slice(0, 8)}`;
  try {
    fs.writeFileSync(tempPath, JSON.stringify(identity));
  } catch (error) {
    fs.rmSync(tempPath, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOSPC' && code !== 'EDQUOT') throw error;
    // A full disk has no room for the lock file: a live owner still refuses, else open without one
    // (so the user can see and clean up), which is no worse than before locks existed.
    const current = readOwner(lockPath);
    if (current?.owner && ownerRuns(current.owner, lockPath)) return refusal(current.owner, lockPath);
    console.warn(`[engine] the disk is full: ${lockPath} could not be written; opening without it`);
    heldHere.add(lockPath);
    return { ok: true, lock: new DataFolderLock(lockPath, identity) };
  }
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        // link() creates the name only if it does not exist, atomically, with the whole content.
        fs.linkSync(tempPath, lockPath);
        heldHere.add(lockPath);
        return { ok: true, lock: new DataFolderLock(lockPath, identity) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readOwner(lockPath);
      if (current === null) continue; // released meanwhile
      if (current.owner && ownerRuns(current.owner, lockPath)) return refusal(current.owner, lockPath);
      // Stale: remove it only if it is still the file we judged (another process may have taken over).
      if (readOwner(lockPath)?.text === current.text) fs.rmSync(lockPath, { force: true });
    }
    throw new Error(`could not take ${lockPath}: it keeps changing`);
  } finally {
    fs.rmSync(tempPath, { force: true });
  }
}

/** A held data folder lock. */
export class DataFolderLock {
  private released = false;

  constructor(
    readonly lockPath: string,
    readonly owner: LockOwner,
  ) {}

  /** Removes the lock file if it still names this process. */
  release(): void {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.lockPath);
    try {
      const current = readOwner(this.lockPath)?.owner;
      if (current?.pid === this.owner.pid && current.since === this.owner.since) fs.rmSync(this.lockPath);
    } catch {
      // a lock file we cannot read or remove stays; the next start sees its process is gone
    }
  }
}
