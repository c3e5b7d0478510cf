import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Real file-system conditions for tests: a full disk (a small tmpfs) and a read-only folder (a
 * read-only bind mount). Root ignores file permissions, so chmod cannot make a folder read-only for
 * these tests; a read-only mount refuses writes to root too. Both need root and mount(8).
 */
const run = (command: string, args: string[]): { ok: boolean; error: string } => {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return { ok: result.status === 0, error: (result.stderr || result.error?.message || '').trim() };
};

/** Why mount tests cannot run here, or null when they can (checked once by mounting a tmpfs). */
export const whyMountsUnavailable = ((): string | null => {
  if (process.platform !== 'linux') return 'mount tests need Linux';
  if (process.getuid?.() !== 0) return 'mount tests need root';
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-mount-probe-'));
  try {
    const mounted = run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
    if (!mounted.ok) return `mount(8) failed: ${mounted.error}`;
    run('umount', [probe]);
    return null;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
})();

/** Mounts a tmpfs of `size` (e.g. '4m') on a new temporary folder. */
export function mountTmpfs(size: string): { dir: string; unmount(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-tmpfs-'));
  const mounted = run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (!mounted.ok) throw new Error(`mount tmpfs on ${dir}: ${mounted.error}`);
  return {
    dir,
    unmount: () => {
      run('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Shows `source` read-only at a new temporary folder (a read-only bind mount). */
export function mountReadOnly(source: string): { dir: string; unmount(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-ro-'));
  const bound = run('mount', ['--bind', source, dir]);
  if (!bound.ok) throw new Error(`bind mount ${source} on ${dir}: ${bound.error}`);
  const remounted = run('mount', ['-o', 'remount,bind,ro', dir]);
  if (!remounted.ok) {
    run('umount', [dir]);
    throw new Error(`remount ${dir} read-only: ${remounted.error}`);
  }
  return {
    dir,
    unmount: () => {
      run('umount', ['-l', dir]);
      fs.rmdirSync(dir);
    },
  };
}

/** Writes zeros into `dir` until the file system has no space left; returns the filler's path. */
export function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) {
      try {
        fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        // Fill the last partial chunk too.
        for (let size = chunk.length / 2; size >= 1; size = Math.floor(size / 2)) {
          try {
            fs.writeSync(fd, chunk.subarray(0, size));
          } catch {
            // this size no longer fits; try a smaller one
          }
        }
        return filler;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}
