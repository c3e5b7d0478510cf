import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVideo, readVideoFrames } from '../../../src/main/engine/face/video-frames';
import { findFfmpeg } from '../../../src/main/engine/media/ffmpeg';
import { VideoFrameGrabber } from '../../../src/main/engine/media/video-frame-png';

const run = promisify(execFile);
const ffmpeg = findFfmpeg();

/**
 * Single frames for the video-frame mouth donor: frame N of the grabber (seeking by packet times)
 * is frame N as the face tracker decodes the stream, for clips with a keyframe every 5 frames,
 * B-frames and a container start time that is not 0.
 */
describe('VideoFrameGrabber', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-frame-grab-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const clip = async (name: string, extra: string[]) => {
    const file = path.join(dir, name);
    await run(ffmpeg.path!, [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=128x96:rate=25', '-frames:v', '30'],
      ...['-c:v', 'libx264', '-g', '5', '-bf', '2', '-pix_fmt', 'yuv420p', ...extra, '-y', file],
    ]);
    return file;
  };

  for (const [name, extra] of [
    ['keyframes-every-5.mp4', []],
    ['starts-late.mp4', ['-output_ts_offset', '1.3']],
  ] as const) {
    it(`gives the tracker's frame N (${name})`, async () => {
      const file = await clip(name, [...extra]);
      const info = await probeVideo(file);
      const streamed: Uint8Array[] = [];
      for await (const frame of readVideoFrames(file, info)) streamed.push(frame.rgba);
      expect(streamed).toHaveLength(30);
      const grabber = new VideoFrameGrabber(ffmpeg);
      for (const index of [0, 1, 4, 5, 6, 13, 29]) {
        const out = path.join(dir, `${name}-${index}.png`);
        await grabber.writePng(file, index, out);
        const png = await sharp(out).ensureAlpha().raw().toBuffer();
        let difference = 0;
        for (let i = 0; i < png.length; i++) difference += Math.abs(png[i]! - streamed[index]![i]!);
        expect(difference / png.length, `frame ${index}`).toBe(0);
        // The neighbour differs (testsrc's counter and moving bar), so a frame off would show.
        const neighbour = streamed[index === 29 ? 28 : index + 1]!;
        let apart = 0;
        for (let i = 0; i < png.length; i++) apart += Math.abs(png[i]! - neighbour[i]!);
        expect(apart / png.length).toBeGreaterThan(0.1);
      }
      await expect(grabber.writePng(file, 30, path.join(dir, 'beyond.png'))).rejects.toThrow('could not be decoded');
      expect(fs.readdirSync(dir).some((entry) => entry.endsWith('.part'))).toBe(false);
    });
  }
});
