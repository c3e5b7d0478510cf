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
/** Neither npm package installed. */
const none = { 'ffmpeg-static': () => null, '@ffmpeg-installer/ffmpeg': () => null };

describe.skipIf(process.platform === 'win32')('findFfmpeg', () => {
  it('prefers FFMPEG_PATH', () => {
    const binary = fakeBinary('env/ffmpeg');
    const found = findFfmpeg(
      { FFMPEG_PATH: binary, PATH: '' },
      {
        'ffmpeg-static': () => fakeBinary('static/ffmpeg'),
        '@ffmpeg-installer/ffmpeg': () => fakeBinary('installer/ffmpeg'),
      },
    );
    expect(found).toMatchObject({ available: true, path: binary, source: 'FFMPEG_PATH' });
  });

  it('falls back to ffmpeg-static, then @ffmpeg-installer/ffmpeg, then PATH, saying why FFMPEG_PATH was skipped', () => {
    const bundled = fakeBinary('static/ffmpeg');
    const installer = fakeBinary('installer/ffmpeg');
    expect(
      findFfmpeg({ PATH: '' }, { 'ffmpeg-static': () => bundled, '@ffmpeg-installer/ffmpeg': () => installer }),
    ).toMatchObject({ source: 'ffmpeg-static', path: bundled });
    const secondChoice = findFfmpeg(
      { PATH: '' },
      { 'ffmpeg-static': () => null, '@ffmpeg-installer/ffmpeg': () => installer },
    );
    expect(secondChoice).toMatchObject({ source: '@ffmpeg-installer/ffmpeg', path: installer });
    expect(secondChoice.message).toContain('ffmpeg-static is not installed');
    const onPath = fakeBinary('bin/ffmpeg');
    const found = findFfmpeg({ FFMPEG_PATH: path.join(dir, 'missing'), PATH: path.dirname(onPath) }, none);
    expect(found).toMatchObject({ available: true, source: 'PATH', path: onPath });
    expect(found.message).toContain('FFMPEG_PATH is set to');
  });

  it('ignores a file on PATH that is not executable', () => {
    const folder = path.join(dir, 'noexec');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'ffmpeg'), 'x', { mode: 0o644 });
    expect(findFfmpeg({ PATH: folder }, none).available).toBe(false);
  });

  it('explains how to get ffmpeg when there is none', () => {
    const found = findFfmpeg({ PATH: path.join(dir, 'empty') }, none);
    expect(found).toMatchObject({ available: false, path: null, source: 'none' });
    expect(found.message).toMatch(/ffmpeg was not found/);
    expect(found.message).toMatch(/FFMPEG_PATH/);
  });

  it('finds an ffmpeg after `npm install` without FFMPEG_PATH or PATH', () => {
    // @ffmpeg-installer/ffmpeg is a dependency whose tarball carries the binary for this platform.
    const found = findFfmpeg({ PATH: '' });
    expect(found).toMatchObject({ available: true });
    expect(['ffmpeg-static', '@ffmpeg-installer/ffmpeg']).toContain(found.source);
  });

  it('says which path a package gave when its binary is not executable', () => {
    const noexec = path.join(dir, 'noexec-installer', 'ffmpeg');
    fs.mkdirSync(path.dirname(noexec), { recursive: true });
    fs.writeFileSync(noexec, 'x', { mode: 0o644 });
    const found = findFfmpeg({ PATH: '' }, { 'ffmpeg-static': () => null, '@ffmpeg-installer/ffmpeg': () => noexec });
    expect(found.available).toBe(false);
    expect(found.message).toContain(`@ffmpeg-installer/ffmpeg points to ${noexec}, which is not an executable file`);
  });
});
