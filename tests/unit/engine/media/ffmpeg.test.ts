import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFfmpeg } from '../../../../src/main/engine/media/ffmpeg';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-ffmpeg-'));
const fakeBinary = (name: string) => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
  return file;
};
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('findFfmpeg', () => {
  it('prefers FFMPEG_PATH', () => {
    const binary = fakeBinary('env/ffmpeg');
    const found = findFfmpeg({ FFMPEG_PATH: binary, PATH: '' }, () => fakeBinary('static/ffmpeg'));
    expect(found).toMatchObject({ available: true, path: binary, source: 'FFMPEG_PATH' });
  });

  it('falls back to ffmpeg-static, then PATH, saying why FFMPEG_PATH was skipped', () => {
    const bundled = fakeBinary('static/ffmpeg');
    expect(findFfmpeg({ PATH: '' }, () => bundled)).toMatchObject({ source: 'ffmpeg-static', path: bundled });
    const onPath = fakeBinary('bin/ffmpeg');
    const found = findFfmpeg({ FFMPEG_PATH: path.join(dir, 'missing'), PATH: path.dirname(onPath) }, () => null);
    expect(found).toMatchObject({ available: true, source: 'PATH', path: onPath });
    expect(found.message).toContain('FFMPEG_PATH is set to');
  });

  it('ignores a file on PATH that is not executable', () => {
    const folder = path.join(dir, 'noexec');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'ffmpeg'), 'x', { mode: 0o644 });
    expect(findFfmpeg({ PATH: folder }, () => null).available).toBe(false);
  });

  it('explains how to get ffmpeg when there is none', () => {
    const found = findFfmpeg({ PATH: path.join(dir, 'empty') }, () => null);
    expect(found).toMatchObject({ available: false, path: null, source: 'none' });
    expect(found.message).toMatch(/ffmpeg was not found/);
    expect(found.message).toMatch(/FFMPEG_PATH/);
  });

  it('finds the real ffmpeg of this machine when one is installed', () => {
    const found = findFfmpeg({ PATH: process.env.PATH ?? '' });
    if (fs.existsSync('/usr/bin/ffmpeg')) expect(found.available).toBe(true);
    else expect(found.message.length).toBeGreaterThan(0);
  });
});
