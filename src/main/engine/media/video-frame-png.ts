import fs from 'node:fs/promises';
import { ApiError } from '../../../shared/api';
import { runTool } from './video-probe';

/**
 * Decodes frame `frameIndex` of a video (counted as the face tracker counts them: every decoded
 * frame in order, `-vsync passthrough` so ffmpeg neither drops nor repeats one) and writes it,
 * upright and at the decoded size, as a PNG to `outPath`. ffmpeg decodes from the start up to that
 * frame and stops, so a late frame of a long clip costs more than an early one. The file appears
 * whole or not at all (written beside it, then renamed).
 */
export async function writeVideoFramePng(
  ffmpeg: string,
  videoPath: string,
  frameIndex: number,
  outPath: string,
  signal?: AbortSignal,
): Promise<void> {
  if (!Number.isInteger(frameIndex) || frameIndex < 0) {
    throw new ApiError('invalid_request', `There is no video frame ${frameIndex}.`);
  }
  const staging = `${outPath}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  try {
    const { code, stderr } = await runTool(
      ffmpeg,
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-i',
        videoPath,
        '-an',
        '-vf',
        `select=eq(n\\,${frameIndex})`,
        '-vsync',
        'passthrough',
        '-frames:v',
        '1',
        '-f',
        'image2',
        '-vcodec',
        'png',
        '-y',
        staging,
      ],
      signal,
    );
    const written = await fs.stat(staging).then(
      (stat) => stat.size > 0,
      () => false,
    );
    if (code !== 0 || !written) {
      throw new ApiError(
        'unsupported_format',
        `Frame ${frameIndex} of the video could not be decoded: ${stderr || 'the video has fewer frames'}.`,
      );
    }
    await fs.rename(staging, outPath);
  } finally {
    await fs.rm(staging, { force: true });
  }
}
