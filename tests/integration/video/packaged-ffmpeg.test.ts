import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFfmpeg } from '../../../src/main/engine/media/ffmpeg';
import { findVideoTools, type VideoTools } from '../../../src/main/engine/media/video-probe';

/**
 * `npm install` alone gives ffmpeg and ffprobe (README "Setup"): with an empty PATH and no
 * FFMPEG_PATH/FFPROBE_PATH the engine still finds both in npm packages, and that ffmpeg has what
 * video import and MP4/WebM/GIF export need: H.264 in yuv420p, VP9, and GIF with its own palette.
 */
const run = promisify(execFile);
const noSystem = { PATH: '' };
let tools: VideoTools;
let dir: string;

beforeAll(() => {
  const ffmpeg = findFfmpeg(noSystem);
  expect(['ffmpeg-static', '@ffmpeg-installer/ffmpeg']).toContain(ffmpeg.source);
  const found = findVideoTools(ffmpeg, noSystem);
  if (!found.ok) throw new Error(found.message);
  tools = found.tools;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-packaged-ffmpeg-'));
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** ffprobe's description of the first video stream of `file`. */
async function probe(file: string): Promise<{ codec_name: string; pix_fmt: string; nb_read_frames: string }> {
  const { stdout } = await run(tools.ffprobe, [
    ...['-v', 'error', '-count_frames', '-select_streams', 'v:0'],
    ...['-show_entries', 'stream=codec_name,pix_fmt,nb_read_frames', '-of', 'json', file],
  ]);
  const stream = (JSON.parse(stdout) as { streams: { codec_name: string; pix_fmt: string; nb_read_frames: string }[] })
    .streams[0];
  if (!stream) throw new Error(`ffprobe found no video stream in ${file}`);
  return stream;
}

// A finite source (1 s at 10 fps): palettegen needs the end of its input before it can answer.
const source = ['-nostdin', '-y', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=96x64:rate=10:duration=1'];

describe('the ffmpeg and ffprobe that npm install provides', () => {
  it('come from npm packages, not from the system', () => {
    expect(tools.ffmpeg).toContain(`${path.sep}node_modules${path.sep}`);
    expect(tools.ffprobe).toContain(`${path.sep}node_modules${path.sep}`);
  });

  it('list the encoders and filters export needs', async () => {
    const encoders = (await run(tools.ffmpeg, ['-hide_banner', '-encoders'])).stdout;
    for (const encoder of ['libx264', 'libvpx-vp9', 'gif']) expect(encoders).toMatch(new RegExp(` ${encoder} `));
    const filters = (await run(tools.ffmpeg, ['-hide_banner', '-filters'])).stdout;
    for (const filter of ['palettegen', 'paletteuse', 'scale', 'fps'])
      expect(filters).toMatch(new RegExp(` ${filter} `));
  });

  it('encode H.264 yuv420p, VP9 and a palette GIF that ffprobe reads back frame by frame', async () => {
    const mp4 = path.join(dir, 'clip.mp4');
    await run(tools.ffmpeg, [...source, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', mp4]);
    expect(await probe(mp4)).toEqual({ codec_name: 'h264', pix_fmt: 'yuv420p', nb_read_frames: '10' });

    const webm = path.join(dir, 'clip.webm');
    await run(tools.ffmpeg, [...source, '-c:v', 'libvpx-vp9', '-pix_fmt', 'yuv420p', '-b:v', '0', '-crf', '40', webm]);
    expect(await probe(webm)).toEqual({ codec_name: 'vp9', pix_fmt: 'yuv420p', nb_read_frames: '10' });

    const gif = path.join(dir, 'clip.gif');
    const palette = '[0:v]split[a][b];[a]palettegen=max_colors=64[p];[b][p]paletteuse';
    await run(tools.ffmpeg, [...source, '-filter_complex', palette, gif]);
    expect(await probe(gif)).toMatchObject({ codec_name: 'gif', nb_read_frames: '10' });
  });
});
