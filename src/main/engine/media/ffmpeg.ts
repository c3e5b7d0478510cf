import { createRequire } from 'node:module';
import path from 'node:path';
import { findOnSearchPath, isExecutableFile } from './find-executable';

export interface FfmpegLocation {
  available: boolean;
  path: string | null;
  /** Where it was found: 'FFMPEG_PATH', 'ffmpeg-static', 'PATH', or 'none'. */
  source: 'FFMPEG_PATH' | 'ffmpeg-static' | 'PATH' | 'none';
  message: string;
}

/** ffmpeg-static is an optional dependency: absent when its download failed or was skipped. */
const ffmpegStaticPath = (): string | null => {
  try {
    const found = createRequire(import.meta.url)('ffmpeg-static') as unknown;
    if (typeof found !== 'string') return null;
    // Inside a packaged app the binary lives in app.asar.unpacked, not in the archive.
    return found.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
  } catch {
    return null;
  }
};

/**
 * Finds ffmpeg: the FFMPEG_PATH environment variable first, then the ffmpeg-static package, then
 * the PATH. Only checks that an executable file exists (no process is started), so it is cheap
 * enough to run at engine start.
 */
export function findFfmpeg(
  env: NodeJS.ProcessEnv = process.env,
  staticPath: () => string | null = ffmpegStaticPath,
): FfmpegLocation {
  const notes: string[] = [];
  const fromEnv = env.FFMPEG_PATH?.trim();
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) {
      return {
        available: true,
        path: fromEnv,
        source: 'FFMPEG_PATH',
        message: `Using ffmpeg from FFMPEG_PATH (${fromEnv}).`,
      };
    }
    notes.push(`FFMPEG_PATH is set to ${fromEnv}, which is not an executable file`);
  }
  const bundled = staticPath();
  if (bundled && isExecutableFile(bundled)) {
    return {
      available: true,
      path: bundled,
      source: 'ffmpeg-static',
      message: `Using the bundled ffmpeg (${bundled}).`,
    };
  }
  const onPath = findOnSearchPath(process.platform === 'win32' ? ['ffmpeg.exe', 'ffmpeg.cmd'] : ['ffmpeg'], env);
  if (onPath) {
    const prefix = notes.length ? `${notes.join('; ')}. ` : '';
    return {
      available: true,
      path: onPath,
      source: 'PATH',
      message: `${prefix}Using ffmpeg found on PATH (${onPath}).`,
    };
  }
  notes.push(
    bundled ? `ffmpeg-static points to ${bundled}, which is missing` : 'the ffmpeg-static package is not installed',
    'no ffmpeg is on PATH',
  );
  return {
    available: false,
    path: null,
    source: 'none',
    message:
      `ffmpeg was not found (${notes.join('; ')}). Video import and MP4/GIF export need it: install ffmpeg ` +
      '(for example `sudo apt-get install ffmpeg` or `brew install ffmpeg`) or set FFMPEG_PATH to its executable.',
  };
}
