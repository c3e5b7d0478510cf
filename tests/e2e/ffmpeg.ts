import { execFileSync } from 'node:child_process';
import { findFfmpeg } from '../../src/main/engine/media/ffmpeg';

/** The engine's ffmpeg (after `npm install`, an npm package's), to make test clips; throws its install hint when there is none. */
export function ffmpegPath(): string {
  const found = findFfmpeg();
  if (!found.path) throw new Error(found.message);
  return found.path;
}

/** A 30-frame, 30 fps, 384 x 384 clip of a still photo slowly zooming in: a face to track in every frame. */
export function writeZoomClip(photo: string, out: string): void {
  execFileSync(ffmpegPath(), [
    ...['-y', '-loglevel', 'error', '-loop', '1', '-i', photo],
    ...['-vf', "zoompan=z='1+0.1*on/29':d=30:s=384x384:fps=30", '-frames:v', '30', '-pix_fmt', 'yuv420p', out],
  ]);
}
