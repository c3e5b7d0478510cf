import { spawn } from 'node:child_process';
import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { findOnSearchPath, isExecutableFile } from './find-executable';
import type { FfmpegLocation } from './ffmpeg';
import { ffprobeInstallerPath } from './packaged-binaries';
import { saysDamaged, withoutInternalPrefixes } from './decoder-messages';

/**
 * ffprobe and ffmpeg for video import. ffprobe reads the container exactly (stream, codec, frame
 * rate, and with -count_packets the true frame count without decoding); ffmpeg makes the poster
 * frame. A file cut short keeps an index (a faststart MP4's moov) that announces frames which are
 * not there, and its packet count includes a last packet cut in half: withDecodedLength decodes
 * every frame (after the cheap limits check) and keeps what really exists.
 */

export interface VideoTools {
  ffmpeg: string;
  ffprobe: string;
}

export interface VideoProbe {
  /** ffprobe's container name, e.g. 'mov,mp4,m4a,3gp,3g2,mj2' or 'matroska,webm'. */
  formatName: string;
  codec: string;
  /** Upright frame size (a quarter-turn rotation tag swaps the stored sides, as ffmpeg's decoder does). */
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  durationMs: number;
}

/**
 * Finds ffprobe for `ffmpeg`: FFPROBE_PATH, then the one beside ffmpeg (a system or FFMPEG_PATH
 * install keeps both in one folder), then the @ffprobe-installer/ffprobe package (ffmpeg-static and
 * @ffmpeg-installer carry no ffprobe), then PATH. Null with the reason when there is none.
 */
export function findVideoTools(
  ffmpeg: FfmpegLocation,
  env: NodeJS.ProcessEnv = process.env,
  packagedFfprobe: () => string | null = ffprobeInstallerPath,
): { ok: true; tools: VideoTools } | { ok: false; message: string } {
  if (!ffmpeg.available || !ffmpeg.path) {
    return { ok: false, message: `Video import needs ffmpeg. ${ffmpeg.message}` };
  }
  const exe = process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe';
  const candidates = [env.FFPROBE_PATH?.trim() ?? '', path.join(path.dirname(ffmpeg.path), exe)].filter(Boolean);
  const packaged = packagedFfprobe();
  if (packaged) candidates.push(packaged);
  const ffprobe = candidates.find(isExecutableFile) ?? findOnSearchPath([exe], env);
  if (!ffprobe) {
    return {
      ok: false,
      message:
        `Video import needs ffprobe, which was not found in FFPROBE_PATH, next to ffmpeg (${ffmpeg.path}), ` +
        'in the @ffprobe-installer/ffprobe package or on PATH. Run `npm install` again (it installs ffprobe), ' +
        'install the full ffmpeg package (it includes ffprobe) or set FFPROBE_PATH.',
    };
  }
  return { ok: true, tools: { ffmpeg: ffmpeg.path, ffprobe } };
}

/** Runs a tool and collects stdout (as bytes) and the tail of stderr. */
export function runTool(
  executable: string,
  args: readonly string[],
  signal?: AbortSignal,
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).name === 'AbortError') reject(error);
      else reject(new ApiError('unavailable', `Could not run ${path.basename(executable)}: ${error.message}`));
    });
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr: stderr.trim() }));
  });
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  nb_read_packets?: string;
  nb_read_frames?: string;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: Array<{ rotation?: number }>;
}

interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string };
}

const rate = (text: string | undefined): number => {
  if (!text) return NaN;
  const [numerator, denominator] = text.split('/').map(Number);
  return denominator ? numerator! / denominator : Number(numerator);
};

/** The last line of a tool's complaint, without ffprobe's "file: " prefix noise. */
const lastLine = (stderr: string): string =>
  stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .at(-1) ?? 'no details';

/**
 * Probes a video file. Throws ApiError('unsupported_format') naming the file when it is not a
 * readable video (no video stream, damaged container, unknown codec).
 */
export async function probeVideoFile(
  tools: VideoTools,
  file: string,
  displayName: string,
  signal?: AbortSignal,
): Promise<VideoProbe> {
  const { code, stdout, stderr } = await runTool(
    tools.ffprobe,
    [
      '-v',
      'error',
      '-count_packets',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate,nb_frames,nb_read_packets,duration:' +
        'stream_tags=rotate:stream_side_data=rotation:format=format_name,duration',
      '-of',
      'json',
      file,
    ],
    signal,
  );
  const unreadable = (why: string) =>
    new ApiError('unsupported_format', `${displayName} could not be read as a video: ${why}.`, {
      fileName: displayName,
    });
  if (code !== 0) {
    const complaint = withoutInternalPrefixes(lastLine(stderr).replace(`${file}: `, ''));
    throw unreadable(saysDamaged(complaint) ? `the file is damaged or incomplete (${complaint})` : complaint);
  }
  let parsed: FfprobeOutput;
  try {
    parsed = JSON.parse(stdout.toString('utf8')) as FfprobeOutput;
  } catch {
    throw unreadable('ffprobe gave no readable description');
  }
  const stream = parsed.streams?.find((candidate) => candidate.codec_type === 'video');
  if (!stream) throw unreadable('it has no video stream');
  const storedWidth = stream.width ?? 0;
  const storedHeight = stream.height ?? 0;
  if (storedWidth <= 0 || storedHeight <= 0) throw unreadable('its video stream has no frame size');
  const rotation = Number(
    stream.side_data_list?.find((entry) => entry.rotation !== undefined)?.rotation ?? stream.tags?.rotate ?? 0,
  );
  const quarterTurn = Math.abs(Math.round(rotation) % 180) === 90;
  let fps = rate(stream.avg_frame_rate);
  if (!(fps > 0 && Number.isFinite(fps))) fps = rate(stream.r_frame_rate);
  if (!(fps > 0 && Number.isFinite(fps))) throw unreadable('its frame rate is unknown');
  const durationSeconds = Number(stream.duration ?? parsed.format?.duration ?? NaN);
  const counted = Number(stream.nb_read_packets ?? stream.nb_frames ?? NaN);
  const frameCount = Number.isFinite(counted) && counted > 0 ? counted : Math.round(durationSeconds * fps);
  if (!(frameCount > 0)) throw unreadable('it has no frames');
  return {
    formatName: parsed.format?.format_name ?? 'unknown',
    codec: stream.codec_name ?? 'unknown',
    width: quarterTurn ? storedHeight : storedWidth,
    height: quarterTurn ? storedWidth : storedHeight,
    fps: Math.round(fps * 1000) / 1000,
    frameCount,
    durationMs: Number.isFinite(durationSeconds)
      ? Math.round(durationSeconds * 1000)
      : Math.round((frameCount / fps) * 1000),
  };
}

/**
 * The probe with the frame count and duration of what a decoder really gets out of the file
 * (ffprobe -count_frames decodes every frame). Never longer than the container claims.
 */
export async function withDecodedLength(
  tools: VideoTools,
  file: string,
  displayName: string,
  probe: VideoProbe,
  signal?: AbortSignal,
): Promise<VideoProbe> {
  const { code, stdout, stderr } = await runTool(
    tools.ffprobe,
    [
      '-v',
      'error',
      '-count_frames',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=nb_read_frames',
      '-of',
      'json',
      file,
    ],
    signal,
  );
  let counted = NaN;
  try {
    counted = Number((JSON.parse(stdout.toString('utf8')) as FfprobeOutput).streams?.[0]?.nb_read_frames);
  } catch {
    // handled below: no count is no decodable frame
  }
  if (code !== 0 || !(counted > 0)) {
    throw new ApiError(
      'unsupported_format',
      `${displayName} could not be decoded: ${stderr ? lastLine(stderr) : 'no frame came out'}.`,
      { fileName: displayName },
    );
  }
  const frameCount = Math.min(counted, probe.frameCount);
  const decodedMs = Math.round((frameCount / probe.fps) * 1000);
  return { ...probe, frameCount, durationMs: Math.min(probe.durationMs, decodedMs) };
}

/**
 * One decoded frame at `atSeconds` as PNG bytes, scaled to fit `side` (ffmpeg applies the rotation
 * tag). Falls back to the first frame when the seek lands past the end of a very short clip.
 */
export async function posterFrame(
  tools: VideoTools,
  file: string,
  displayName: string,
  atSeconds: number,
  side: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const grab = (seek: number) =>
    runTool(
      tools.ffmpeg,
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-ss',
        seek.toFixed(3),
        '-i',
        file,
        '-frames:v',
        '1',
        '-vf',
        `scale=${side}:${side}:force_original_aspect_ratio=decrease`,
        '-f',
        'image2pipe',
        '-vcodec',
        'png',
        '-',
      ],
      signal,
    );
  let result = await grab(atSeconds);
  if ((result.code !== 0 || result.stdout.length === 0) && atSeconds > 0) result = await grab(0);
  if (result.code !== 0 || result.stdout.length === 0) {
    throw new ApiError(
      'unsupported_format',
      `${displayName} could not be decoded: ${result.stderr ? lastLine(result.stderr) : 'no frame came out'}.`,
      { fileName: displayName },
    );
  }
  return result.stdout;
}
