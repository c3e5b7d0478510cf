import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/api';

/**
 * Content-addressed files: <blobsDir>/<first two hex chars>/<sha256>. A file is written whole into
 * a staging folder on the same file system (<blobsDir>/.staging/<pid>[@<process start>]-<owner>/),
 * fsynced, and only then renamed to its final name, so a final name never holds a partial file. Staging is per owner
 * (a job) so cancelling that owner removes exactly its partial outputs with one folder delete,
 * even when a terminated worker never got to report what it had started writing.
 *
 * These functions are plain synchronous fs code so worker threads can stage files themselves.
 */

export interface StagedBlob {
  sha256: string;
  byteSize: number;
  tempPath: string;
}

export const STAGING_FOLDER = '.staging';
const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export const isSha256 = (value: string): boolean => SHA256_PATTERN.test(value);

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export const blobPath = (blobsDir: string, sha256: string): string => {
  if (!isSha256(sha256)) throw new ApiError('invalid_request', `"${sha256}" is not a sha256`);
  return path.join(blobsDir, sha256.slice(0, 2), sha256);
};

const readProcFile = (file: string): string | null => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null; // not Linux, or the process is gone or hidden from us
  }
};

let bootId: string | null | undefined;

/**
 * Identifies one run of a process beyond its pid, where the OS tells (Linux /proc): the boot and the
 * process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat). A pid alone is
 * reused: pid_max is often 32768, and every boot hands out the same low pids again, so a folder
 * named by pid only could look owned by whatever unrelated process got that pid next, for ever.
 * Null where it cannot be read (macOS, Windows, a process of another user behind hidepid).
 */
export function processStartKey(pid: number): string | null {
  if (bootId === undefined) {
    bootId = readProcFile('/proc/sys/kernel/random/boot_id')?.replaceAll('-', '').slice(0, 8) || null;
  }
  const stat = readProcFile(`/proc/${pid}/stat`);
  if (!bootId || !stat) return null;
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  const startTicks = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .at(22 - 3);
  return startTicks && /^\d+$/.test(startTicks) ? `${bootId}.${startTicks}` : null;
}

let ownStartKey: string | null | undefined;

/**
 * Folder holding one owner's staged files. Its name carries the pid and, where known, the process's
 * start key, so a later start can tell whether the process that wrote it still runs.
 */
export const stagingDirFor = (blobsDir: string, ownerId: string): string => {
  if (ownStartKey === undefined) ownStartKey = processStartKey(process.pid);
  const owner = ownStartKey ? `${process.pid}@${ownStartKey}` : `${process.pid}`;
  return path.join(blobsDir, STAGING_FOLDER, `${owner}-${ownerId}`);
};

const STAGING_OWNER_PATTERN = /^(\d+)(?:@([0-9a-f]+\.\d+))?-/;

/** Turns ENOSPC into the API's disk_full error; anything else is rethrown unchanged. */
export const rethrowDiskFull = (error: unknown, where: string): never => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    throw new ApiError('disk_full', `The disk holding ${where} is full; free some space and try again.`);
  }
  throw error;
};

/** Writes bytes to a new file in `stagingDir` and fsyncs it. Computes the sha256 unless given. */
export function stageBlob(stagingDir: string, bytes: Uint8Array, knownSha256?: string): StagedBlob {
  const sha256 = knownSha256 ?? sha256Of(bytes);
  const tempPath = path.join(stagingDir, `${sha256}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    fs.mkdirSync(stagingDir, { recursive: true });
    const fd = fs.openSync(tempPath, 'wx');
    try {
      let written = 0;
      while (written < bytes.byteLength) written += fs.writeSync(fd, bytes, written);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    fs.rmSync(tempPath, { force: true });
    rethrowDiskFull(error, stagingDir);
  }
  return { sha256, byteSize: bytes.byteLength, tempPath };
}

/**
 * Moves a staged file to its content-addressed name. If that name already exists (same content
 * imported before) the staged copy is dropped. Returns the final path.
 */
export function promoteBlob(blobsDir: string, staged: StagedBlob): string {
  const finalPath = blobPath(blobsDir, staged.sha256);
  try {
    fs.mkdirSync(path.dirname(finalPath), { recursive: true });
    const existing = fs.statSync(finalPath, { throwIfNoEntry: false });
    if (existing && existing.size === staged.byteSize) fs.rmSync(staged.tempPath, { force: true });
    else fs.renameSync(staged.tempPath, finalPath);
  } catch (error) {
    rethrowDiskFull(error, blobsDir);
  }
  return finalPath;
}

/** Removes an owner's staging folder and everything in it. */
export function discardStaging(stagingDir: string): void {
  fs.rmSync(stagingDir, { recursive: true, force: true });
}

export const processIsAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Whether the process that named a staging folder still runs. Its pid being in use is not enough
 * when the folder carries a start key: the pid may since belong to another process. Without a key
 * (a platform with no /proc) a live pid keeps the folder: deleting a running import's files would
 * be worse than keeping a dead one's until that pid is free.
 */
const stagingOwnerRuns = (folderName: string): boolean => {
  const match = STAGING_OWNER_PATTERN.exec(folderName);
  if (!match) return false;
  const pid = Number(match[1]);
  if (pid === process.pid || !processIsAlive(pid)) return false;
  const folderKey = match[2];
  const liveKey = folderKey ? processStartKey(pid) : null;
  return liveKey === null || liveKey === folderKey;
};

/**
 * Deletes staging folders left by processes that are gone (killed mid-import, or before a reboot),
 * and this process's own leftovers: it runs when an engine opens, before that engine has staged
 * anything. Folders of other running processes (a CLI next to the desktop app) are left alone.
 */
export function removeStaleStaging(blobsDir: string): number {
  const root = path.join(blobsDir, STAGING_FOLDER);
  fs.mkdirSync(root, { recursive: true });
  let removed = 0;
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (stagingOwnerRuns(entry.name)) continue;
    fs.rmSync(path.join(root, entry.name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

/** Reads a stored blob back and checks its content still hashes to its name. */
export function verifyBlob(blobsDir: string, sha256: string): boolean {
  const filePath = blobPath(blobsDir, sha256);
  if (!fs.existsSync(filePath)) return false;
  return sha256Of(fs.readFileSync(filePath)) === sha256;
}
