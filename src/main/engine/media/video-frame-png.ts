import fs from 'node:fs/promises';
import { ApiError } from '../../../shared/api';
import type { FfmpegLocation } from './ffmpeg';
import { findVideoTools, runTool } from './video-probe';

/** Presentation times (seconds, ascending) of a video's frames and its container's start time. */
interface FrameTimes {
  times: number[];
  startSeconds: number;
}

/** Videos whose frame times are kept (a scene's source video and one or two others). */
const TIMES_KEPT = 4;

/**
 * Decodes single frames of a video to PNG, frame N counted as the face tracker counts them (every
 * decoded frame in presentation order). With ffprobe it seeks: the frames' times come from the
 * packets' timestamps (read once per video, no decoding), and ffmpeg starts half a frame before
 * frame N's time, decoding from the keyframe before it and dropping what precedes it, so the cost
 * does not grow with N. Without ffprobe, or when the packets do not give every frame a time, it
 * decodes from the start and selects frame N (`select=eq(n,N)`, `-vsync passthrough`).
 */
export class VideoFrameGrabber {
  private readonly times = new Map<string, Promise<FrameTimes | null>>();
  private readonly ffprobe: string | null;

  constructor(private readonly ffmpeg: FfmpegLocation) {
    const tools = findVideoTools(ffmpeg);
    this.ffprobe = tools.ok ? tools.tools.ffprobe : null;
  }

  /** Writes frame `frameIndex` of `videoPath`, upright at the decoded size, as a PNG; whole or not at all. */
  async writePng(videoPath: string, frameIndex: number, outPath: string, signal?: AbortSignal): Promise<void> {
    const ffmpeg = this.ffmpeg.path;
    if (!this.ffmpeg.available || !ffmpeg) throw new ApiError('unavailable', this.ffmpeg.message);
    if (!Number.isInteger(frameIndex) || frameIndex < 0) {
      throw new ApiError('invalid_request', `There is no video frame ${frameIndex}.`);
    }
    const times = frameIndex > 0 ? await this.frameTimes(videoPath) : null;
    const at = times?.times[frameIndex];
    const before = times?.times[frameIndex - 1];
    const input =
      times && at !== undefined && before !== undefined && at > before
        ? ['-ss', Math.max(0, at - times.startSeconds - (at - before) / 2).toFixed(6), '-i', videoPath]
        : ['-i', videoPath, '-vf', `select=eq(n\\,${frameIndex})`, '-vsync', 'passthrough'];
    const staging = `${outPath}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    try {
      const { code, stderr } = await runTool(
        ffmpeg,
        [
          '-hide_banner',
          '-nostdin',
          '-loglevel',
          'error',
          ...input,
          '-an',
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

  private frameTimes(videoPath: string): Promise<FrameTimes | null> {
    let pending = this.times.get(videoPath);
    if (!pending) {
      pending = this.probeTimes(videoPath).catch(() => null);
      this.times.set(videoPath, pending);
      while (this.times.size > TIMES_KEPT) this.times.delete(this.times.keys().next().value!);
    }
    return pending;
  }

  private async probeTimes(videoPath: string): Promise<FrameTimes | null> {
    if (!this.ffprobe) return null;
    const { code, stdout } = await runTool(this.ffprobe, [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time:format=start_time',
      '-of',
      'json',
      videoPath,
    ]);
    if (code !== 0) return null;
    const parsed = JSON.parse(stdout.toString('utf8')) as {
      packets?: Array<{ pts_time?: string }>;
      format?: { start_time?: string };
    };
    const times = (parsed.packets ?? []).map((packet) => Number(packet.pts_time));
    const startSeconds = Number(parsed.format?.start_time ?? 0);
    // A packet without a time (or a container without a start) leaves frames unplaceable: select instead.
    if (times.length === 0 || times.some((t) => !Number.isFinite(t)) || !Number.isFinite(startSeconds)) return null;
    return { times: times.sort((a, b) => a - b), startSeconds };
  }
}
