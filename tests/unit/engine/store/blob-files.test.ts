import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  blobPath,
  discardStaging,
  processStartKey,
  promoteBlob,
  removeStaleStaging,
  rethrowDiskFull,
  sha256Of,
  stageBlob,
  stagingDirFor,
  STAGING_FOLDER,
  verifyBlob,
} from '../../../../src/main/engine/store/blob-files';

let blobsDir: string;
beforeEach(() => {
  blobsDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mien-blobs-')), 'blobs');
});
afterEach(() => fs.rmSync(path.dirname(blobsDir), { recursive: true, force: true }));

describe('blob files', () => {
  it('stage into the owner folder, then promote to blobs/<aa>/<sha256> atomically', () => {
    const bytes = Buffer.from('hello blob');
    const staging = stagingDirFor(blobsDir, 'job-1');
    const staged = stageBlob(staging, bytes);
    expect(staged.sha256).toBe(sha256Of(bytes));
    expect(path.dirname(staged.tempPath)).toBe(staging);
    const finalPath = blobPath(blobsDir, staged.sha256);
    expect(fs.existsSync(finalPath)).toBe(false);
    expect(promoteBlob(blobsDir, staged)).toBe(finalPath);
    expect(finalPath).toBe(path.join(blobsDir, staged.sha256.slice(0, 2), staged.sha256));
    expect(fs.existsSync(staged.tempPath)).toBe(false);
    expect(verifyBlob(blobsDir, staged.sha256)).toBe(true);
  });

  it('promote identical content twice into one file', () => {
    const first = stageBlob(stagingDirFor(blobsDir, 'a'), Buffer.from('same'));
    const second = stageBlob(stagingDirFor(blobsDir, 'b'), Buffer.from('same'));
    promoteBlob(blobsDir, first);
    promoteBlob(blobsDir, second);
    expect(fs.readdirSync(path.join(blobsDir, first.sha256.slice(0, 2)))).toEqual([first.sha256]);
    expect(fs.existsSync(second.tempPath)).toBe(false);
  });

  it('discard an owner’s staging folder with all its partial files', () => {
    const staging = stagingDirFor(blobsDir, 'cancelled');
    stageBlob(staging, Buffer.alloc(1000, 1));
    fs.writeFileSync(path.join(staging, 'half-written.tmp'), 'partial');
    discardStaging(staging);
    expect(fs.existsSync(staging)).toBe(false);
  });

  it('remove staging folders of dead processes and keep those of live ones', () => {
    const root = path.join(blobsDir, STAGING_FOLDER);
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    const liveDir = path.join(root, `${process.ppid}-other-process-job`);
    const deadDir = path.join(root, `${deadPid}-killed-job`);
    for (const folder of [liveDir, deadDir]) {
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'x.tmp'), 'partial');
    }
    expect(removeStaleStaging(blobsDir)).toBe(1);
    expect(fs.existsSync(deadDir)).toBe(false);
    expect(fs.existsSync(liveDir)).toBe(true);
  });

  it.skipIf(processStartKey(process.pid) === null)(
    'remove a folder whose pid now belongs to another process (pid reused), keep the running owner’s',
    () => {
      const root = path.join(blobsDir, STAGING_FOLDER);
      const ownerKey = processStartKey(process.ppid)!;
      const bootPart = ownerKey.split('.')[0]!;
      const runningDir = path.join(root, `${process.ppid}@${ownerKey}-running-job`);
      // Same live pid, but a start time that is not that process's: the writer died and the pid was handed on.
      const reusedDir = path.join(root, `${process.ppid}@${bootPart}.1-killed-before-pid-reuse`);
      const otherBootDir = path.join(root, `${process.ppid}@00000000.${ownerKey.split('.')[1]}-before-reboot`);
      for (const folder of [runningDir, reusedDir, otherBootDir]) {
        fs.mkdirSync(folder, { recursive: true });
        fs.writeFileSync(path.join(folder, 'x.tmp'), 'partial');
      }
      expect(removeStaleStaging(blobsDir)).toBe(2);
      expect(fs.readdirSync(root)).toEqual([path.basename(runningDir)]);
      expect(path.basename(stagingDirFor(blobsDir, 'job'))).toBe(`${process.pid}@${processStartKey(process.pid)}-job`);
    },
  );

  it('reject a name that is not a sha256', () => {
    expect(() => blobPath(blobsDir, '../../etc/passwd')).toThrow(/not a sha256/);
  });

  it('turn ENOSPC into disk_full and leave other errors alone', () => {
    const full = Object.assign(new Error('write failed'), { code: 'ENOSPC' });
    expect(() => rethrowDiskFull(full, '/data')).toThrow(expect.objectContaining({ code: 'disk_full' }));
    const other = Object.assign(new Error('denied'), { code: 'EACCES' });
    expect(() => rethrowDiskFull(other, '/data')).toThrow(other);
  });
});
