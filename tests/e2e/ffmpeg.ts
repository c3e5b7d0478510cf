import { findFfmpeg } from '../../src/main/engine/media/ffmpeg';

/** The engine's ffmpeg (after `npm install`, an npm package's), to make test clips; throws its install hint when there is none. */
export function ffmpegPath(): string {
  const found = findFfmpeg();
  if (!found.path) throw new Error(found.message);
  return found.path;
}
