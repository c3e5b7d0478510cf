import { accessSync, chmodSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from './build-if-stale.mjs';

/** The npm packages that carry ffmpeg or ffprobe, in the engine's order (src/main/engine/media/packaged-binaries.ts). */
const PACKAGES = [
  { tool: 'ffmpeg', name: 'ffmpeg-static', why: 'its download from GitHub failed or was skipped' },
  { tool: 'ffmpeg', name: '@ffmpeg-installer/ffmpeg', why: 'no binary for this platform' },
  { tool: 'ffprobe', name: '@ffprobe-installer/ffprobe', why: 'no binary for this platform' },
];

function binaryOf(name) {
  try {
    const exported = createRequire(join(projectRoot, 'package.json'))(name);
    const file = typeof exported === 'string' ? exported : exported?.path;
    return typeof file === 'string' && existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/**
 * Prints which packages brought ffmpeg and ffprobe, and makes their binaries executable: the
 * installer packages do that in their own install scripts (@ffprobe-installer's tarball stores
 * ffprobe without its execute bit), which an npm that holds back dependencies' scripts skips.
 */
export function reportPackagedMediaTools() {
  for (const { tool, name, why } of PACKAGES) {
    const file = binaryOf(name);
    if (!file) {
      console.log(`[mien] ${tool}: ${name} is not installed (${why}).`);
      continue;
    }
    try {
      accessSync(file, constants.X_OK);
    } catch {
      try {
        chmodSync(file, 0o755);
      } catch (error) {
        console.warn(`[mien] ${tool}: ${file} is not executable and cannot be made so (${error.message}).`);
      }
    }
    console.log(`[mien] ${tool}: ${name} brought ${file}.`);
  }
  console.log('[mien] `npm run mien -- info` says which ffmpeg Mien uses (FFMPEG_PATH overrides).');
}
