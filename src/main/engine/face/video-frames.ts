import { spawn } from 'node:child_process';
import { findFfmpeg } from '../media';

/**
 * Decodes a video into RGBA frames by piping ffmpeg's rawvideo output and cutting it by frame size.
 * ffmpeg applies the stream's rotation metadata itself, so frames come out upright.
 */

export interface VideoInfo {
  width: number;
  height: number;
  fps: number;
  /** Estimated from the container duration; null when ffmpeg does not report it. */
  frameCountEstimate: number | null;
}

export interface VideoFrame {
  index: number;
  timeMs: number;
  rgba: Uint8Array;
}

/** The engine's ffmpeg (FFMPEG_PATH, ffmpeg-static, PATH); throws its install hint when there is none. */
export function locateFfmpeg(): string {
  const found = findFfmpeg();
  if (!found.available || !found.path) throw new Error(found.message);
  return found.path;
}

/** Reads width, height and frame rate from ffmpeg's stream description (no ffprobe needed). */
export async function probeVideo(file: string, ffmpeg = locateFfmpeg()): Promise<VideoInfo> {
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = spawn(ffmpeg, ['-hide_banner', '-nostdin', '-i', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (text += chunk));
    child.on('error', (error) => reject(new Error(`Could not run ffmpeg (${ffmpeg}): ${error.message}`)));
    child.on('close', () => resolve(text));
  });
  return parseStreamInfo(stderr, file);
}

export function parseStreamInfo(stderr: string, file: string): VideoInfo {
  const videoLine = stderr.split('\n').find((line) => /Stream #.*Video:/.test(line));
  if (!videoLine) {
    const reason =
      stderr
        .split('\n')
        .reverse()
        .find((line) => line.trim().length > 0) ?? 'no output';
    throw new Error(`No video stream in ${file}: ${reason.trim()}`);
  }
  const size = /, (\d{2,5})x(\d{2,5})[\s,]/.exec(videoLine);
  if (!size) throw new Error(`Could not read the frame size of ${file} from: ${videoLine.trim()}`);
  let width = Number(size[1]);
  let height = Number(size[2]);
  // ffmpeg autorotates: a quarter-turn display matrix swaps the decoded frame's sides.
  const rotation = /rotation of (-?[\d.]+) degrees/.exec(stderr);
  if (rotation && Math.abs(Math.round(Number(rotation[1])) % 180) === 90) [width, height] = [height, width];
  const fpsMatch = /([\d.]+) fps/.exec(videoLine) ?? /([\d.]+) tbr/.exec(videoLine);
  const fps = fpsMatch ? Number(fpsMatch[1]) : 25;
  const duration = /Duration: (\d+):(\d+):([\d.]+)/.exec(stderr);
  const seconds = duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : NaN;
  return {
    width,
    height,
    fps,
    frameCountEstimate: Number.isFinite(seconds) ? Math.round(seconds * fps) : null,
  };
}

/** Yields every frame of `file` as RGBA. Stops ffmpeg when the consumer stops or `signal` aborts. */
export async function* readVideoFrames(
  file: string,
  info: VideoInfo,
  signal?: AbortSignal,
  ffmpeg = locateFfmpeg(),
): AsyncGenerator<VideoFrame> {
  const frameBytes = info.width * info.height * 4;
  const child = spawn(
    ffmpeg,
    ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file, '-an', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const spawnFailed = new Promise<never>((_, reject) =>
    child.on('error', (error) => reject(new Error(`Could not run ffmpeg (${ffmpeg}): ${error.message}`))),
  );
  spawnFailed.catch(() => {});
  const onAbort = () => child.kill('SIGKILL');
  signal?.addEventListener('abort', onAbort, { once: true });

  let index = 0;
  // Each frame gets its own buffer (it may be transferred to another thread); chunks are copied
  // straight into it, so every byte is copied once however ffmpeg splits its output.
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(frameBytes - filled, chunk.length - offset);
        frame.set(chunk.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === frameBytes) {
          yield { index, timeMs: (index * 1000) / info.fps, rgba: frame };
          index++;
          frame = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
    }
    const code = await Promise.race([exited, spawnFailed]);
    finished = true;
    if (signal?.aborted) throw Object.assign(new Error('Cancelled'), { name: 'AbortError' });
    if (code !== 0) throw new Error(`ffmpeg could not decode ${file} (exit ${code}): ${stderr.trim()}`);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!finished) child.kill('SIGKILL');
  }
}
