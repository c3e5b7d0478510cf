/**
 * Contact sheets for labelling the rig evaluation's frames by eye: for a fixture video, one tile
 * per frame with the eyes/brows and the mouth cropped around the cached landmarks (so a moving
 * head stays framed) and the frame number. Writes .tmp/rig-eval/<video>-<region>-<n>.png.
 *   npx tsx tools/rig/eval/label-sheet.ts driving/talking-354f.mp4 [from] [to]
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { readVideoFrames, probeVideo } from '../../../src/main/engine/face/video-frames';
import { fixturesDir, readCache, repoRoot } from './landmark-cache';

const [file = 'driving/talking-354f.mp4', fromArg = '0', toArg = '100000'] = process.argv.slice(2);
const from = Number(fromArg);
const to = Number(toArg);
const source = readCache().find((s) => s.file === file);
if (!source) throw new Error(`${file} is not in the landmark cache`);
const outDir = path.join(repoRoot, '.tmp/rig-eval');
mkdirSync(outDir, { recursive: true });
const TILE_W = 240;
const COLUMNS = 8;
const ROWS = 6;
const video = path.join(fixturesDir(), file);
const info = await probeVideo(video);
const tiles: { input: Buffer; left: number; top: number }[] = [];
let sheet = 0;
let tileH = 0;

async function flush(): Promise<void> {
  if (tiles.length === 0) return;
  const name = path.join(outDir, `${path.basename(file, '.mp4')}-${String(sheet++).padStart(2, '0')}.png`);
  await sharp({ create: { width: TILE_W * COLUMNS, height: tileH * ROWS, channels: 3, background: '#000' } })
    .composite(tiles)
    .png()
    .toFile(name);
  console.log(name);
  tiles.length = 0;
}

for await (const frame of readVideoFrames(video, info)) {
  if (frame.index < from || frame.index > to) continue;
  const landmarks = source.landmarks[frame.index];
  if (!landmarks) continue;
  const p = (i: number) => [landmarks[i * 3]!, landmarks[i * 3 + 1]!] as const;
  const faceWidth = Math.hypot(p(454)[0] - p(234)[0], p(454)[1] - p(234)[1]);
  const image = sharp(Buffer.from(frame.rgba), { raw: { width: info.width, height: info.height, channels: 4 } });
  const crop = async (cx: number, cy: number, w: number, h: number, outW: number) => {
    const left = Math.max(0, Math.round(cx - w / 2));
    const top = Math.max(0, Math.round(cy - h / 2));
    const width = Math.min(info.width - left, Math.round(w));
    const height = Math.min(info.height - top, Math.round(h));
    return sharp(await image.clone().extract({ left, top, width, height }).png().toBuffer())
      .resize(outW, Math.round((outW * h) / w), { fit: 'fill' })
      .png()
      .toBuffer();
  };
  // eyes and brows: between the outer eye corners, from above the brows to below the lower lids
  const eyeMid = [(p(33)[0] + p(263)[0]) / 2, (p(33)[1] + p(263)[1]) / 2 - faceWidth * 0.08] as const;
  const eyes = await crop(eyeMid[0], eyeMid[1], faceWidth * 0.95, faceWidth * 0.38, TILE_W);
  const mouthMid = [(p(61)[0] + p(291)[0]) / 2, (p(13)[1] + p(14)[1]) / 2] as const;
  const mouth = await crop(mouthMid[0], mouthMid[1], faceWidth * 0.6, faceWidth * 0.3, TILE_W);
  const eyesH = Math.round(TILE_W * 0.4);
  const mouthH = Math.round(TILE_W * 0.5);
  tileH = eyesH + mouthH + 22;
  const n = tiles.length / 3;
  const left = (n % COLUMNS) * TILE_W;
  const top = Math.floor(n / COLUMNS) * tileH;
  const label = Buffer.from(
    `<svg width="${TILE_W}" height="22"><rect width="100%" height="100%" fill="#000"/><text x="4" y="17" font-size="18" font-family="sans-serif" fill="#ff0">${frame.index}</text></svg>`,
  );
  tiles.push(
    { input: label, left, top },
    { input: eyes, left, top: top + 22 },
    { input: mouth, left, top: top + 22 + eyesH },
  );
  if (tiles.length === COLUMNS * ROWS * 3) await flush();
}
await flush();
