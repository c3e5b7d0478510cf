import { findOnSearchPath, isExecutableFile } from './find-executable';
import { ffmpegInstallerPath, ffmpegStaticPath } from './packaged-binaries';

/** Where ffmpeg came from, in the order it is looked for. */
export type FfmpegSource = 'FFMPEG_PATH' | 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg' | 'PATH' | 'none';

export interface FfmpegLocation {
  available: boolean;
  path: string | null;
  source: FfmpegSource;
  message: string;
}

/** The npm packages that may carry ffmpeg, in order of preference; each answers its binary's path or null. */
export interface PackagedFfmpeg {
  'ffmpeg-static': () => string | null;
  '@ffmpeg-installer/ffmpeg': () => string | null;
}

const installedPackages: PackagedFfmpeg = {
  'ffmpeg-static': ffmpegStaticPath,
  '@ffmpeg-installer/ffmpeg': ffmpegInstallerPath,
};

/**
 * Finds ffmpeg: the FFMPEG_PATH environment variable first (an explicit choice wins), then the
 * ffmpeg-static package (when its download succeeded at install), then @ffmpeg-installer/ffmpeg
 * (whose binary comes inside the npm tarball), then the PATH. Only checks that an executable file
 * exists (no process is started), so it is cheap enough to run at engine start.
 */
export function findFfmpeg(
  env: NodeJS.ProcessEnv = process.env,
  packaged: Partial<PackagedFfmpeg> = installedPackages,
): FfmpegLocation {
  const notes: string[] = [];
  const withNotes = (text: string): string => (notes.length ? `${notes.join('; ')}. ${text}` : text);
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
  for (const name of ['ffmpeg-static', '@ffmpeg-installer/ffmpeg'] as const) {
    const bundled = packaged[name]?.() ?? null;
    if (bundled && isExecutableFile(bundled)) {
      return {
        available: true,
        path: bundled,
        source: name,
        message: withNotes(`Using the ffmpeg of the ${name} package (${bundled}).`),
      };
    }
    notes.push(bundled ? `${name} points to ${bundled}, which is not an executable file` : `${name} is not installed`);
  }
  const onPath = findOnSearchPath(process.platform === 'win32' ? ['ffmpeg.exe', 'ffmpeg.cmd'] : ['ffmpeg'], env);
  if (onPath) {
    return {
      available: true,
      path: onPath,
      source: 'PATH',
      message: withNotes(`Using ffmpeg found on PATH (${onPath}).`),
    };
  }
  notes.push('no ffmpeg is on PATH');
  return {
    available: false,
    path: null,
    source: 'none',
    message:
      `ffmpeg was not found (${notes.join('; ')}). Video import and MP4/GIF export need it: run \`npm install\` ` +
      'again (it installs ffmpeg), install ffmpeg (for example `sudo apt-get install ffmpeg` or `brew install ffmpeg`) ' +
      'or set FFMPEG_PATH to its executable.',
  };
}
