import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * ffmpeg and ffprobe executables that come with npm packages, so that `npm install` alone gives
 * video import on every platform:
 *  - ffmpeg-static (the project's choice of ffmpeg) downloads its binary from GitHub in an install
 *    script; where that download fails, npm drops the optional package and it is absent here.
 *  - @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe carry the binaries inside the
 *    registry tarballs of their per-platform packages (@ffmpeg-installer/linux-x64, ...), so they
 *    install wherever the npm registry is reachable.
 * Each lookup answers null when its package is not installed or has no binary for this platform.
 */

const requireHere = createRequire(import.meta.url);

/** Inside a packaged app a binary lives in app.asar.unpacked (electron-builder's asarUnpack), not in the archive. */
export const outsideAsar = (file: string): string =>
  file.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);

/** `require(name)` of a package that exports its binary's path (as a string or as `.path`); null when it cannot. */
function packagedPath(name: string): string | null {
  try {
    const exported = requireHere(name) as unknown;
    const found =
      typeof exported === 'string'
        ? exported
        : typeof exported === 'object' && exported !== null && 'path' in exported
          ? (exported as { path: unknown }).path
          : null;
    return typeof found === 'string' && found ? outsideAsar(found) : null;
  } catch {
    // Not installed, or (the installer packages throw this) no binary for this platform.
    return null;
  }
}

export const ffmpegStaticPath = (): string | null => packagedPath('ffmpeg-static');
export const ffmpegInstallerPath = (): string | null => packagedPath('@ffmpeg-installer/ffmpeg');
export const ffprobeInstallerPath = (): string | null => packagedPath('@ffprobe-installer/ffprobe');
