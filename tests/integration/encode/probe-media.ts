import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findFfmpeg } from '../../../src/main/engine/media/ffmpeg';
import { findVideoTools } from '../../../src/main/engine/media/video-probe';

const run = promisify(execFile);

/** The engine's ffmpeg and ffprobe; throws their install hint when missing. */
export function videoTools(): { ffmpeg: string; ffprobe: string } {
  const tools = findVideoTools(findFfmpeg());
  if (!tools.ok) throw new Error(tools.message);
  return tools.tools;
}

/** What ffprobe reads from a file's first video stream, frames counted by decoding. */
export async function probeMedia(file: string) {
  const { stdout } = await run(videoTools().ffprobe, [
    '-v',
    'error',
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=codec_name,pix_fmt,width,height,nb_read_frames:format=duration,format_name',
    '-of',
    'json',
    file,
  ]);
  const json = JSON.parse(stdout) as {
    streams: Array<{ codec_name: string; pix_fmt: string; width: number; height: number; nb_read_frames: string }>;
    format: { duration: string; format_name: string };
  };
  const stream = json.streams[0]!;
  return {
    ...stream,
    frames: Number(stream.nb_read_frames),
    duration: Number(json.format.duration),
    format: json.format.format_name,
  };
}
