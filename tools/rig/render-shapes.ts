/**
 * Visual check of the rig: renders the neutral mesh and each of the 52 shapes at weight 1,
 * front and side views, as shaded triangles coloured by displacement (grey = still, red =
 * moved most), plus a contact sheet of all of them. Output goes to .tmp/rig-shapes/ (git-ignored).
 * Run: npx tsx tools/rig/render-shapes.ts [outDir]
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { ARKIT_BLENDSHAPE_NAMES } from '../../src/shared/rig/arkit-names';
import { getBlendshapeBasis } from '../../src/shared/rig/blendshape-basis';
import { meshViewSvg, type MeshFrame } from './mesh-svg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, '.tmp/rig-shapes'));
const VIEW = 230;
const basis = getBlendshapeBasis();
const N = basis.pointCount;

/** Close-ups (front view) of the eyes and the mouth, where small shapes are hard to judge whole-face. */
const CLOSE_UPS: Record<string, MeshFrame> = {
  leftEye: { scale: VIEW * 3.2, centreX: 0.22, centreY: 0.25 },
  mouth: { scale: VIEW * 1.25, centreX: 0, centreY: -0.27 },
};

function tileSvg(label: string, delta: Float32Array | null, closeUp?: MeshFrame): string {
  const points = Float32Array.from(basis.neutral);
  const moved = new Float32Array(N);
  if (delta) {
    for (let k = 0; k < points.length; k++) points[k] = points[k]! + delta[k]!;
    for (let i = 0; i < N; i++) moved[i] = Math.hypot(delta[i * 3]!, delta[i * 3 + 1]!, delta[i * 3 + 2]!);
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${VIEW * 2}" height="${VIEW + 24}">` +
    `<rect width="100%" height="100%" fill="#f4f1ea"/>` +
    meshViewSvg(points, { size: VIEW, view: 'front', moved, frame: closeUp }) +
    (closeUp
      ? meshViewSvg(basis.neutral, { size: VIEW, view: 'front', offsetX: VIEW, frame: closeUp })
      : meshViewSvg(points, { size: VIEW, view: 'side', offsetX: VIEW, moved })) +
    `<text x="8" y="${VIEW + 18}" font-family="sans-serif" font-size="16" fill="#222">${label}</text></svg>`
  );
}

await mkdir(outDir, { recursive: true });
const tiles: { name: string; png: Buffer }[] = [];
const entries: [string, Float32Array | null][] = [
  ['neutral', null],
  ...ARKIT_BLENDSHAPE_NAMES.map((n) => [n, basis.shapeDelta(n)] as [string, Float32Array]),
];
for (const [name, delta] of entries) {
  const png = await sharp(Buffer.from(tileSvg(name, delta)))
    .png()
    .toBuffer();
  await sharp(png).toFile(path.join(outDir, `${name}.png`));
  tiles.push({ name, png });
}
// Close-up pairs: shape (left) next to neutral (right).
for (const [name, delta] of entries.slice(1)) {
  const region = /^(eye|brow|cheekSquint)/.test(name) ? 'leftEye' : /^(mouth|jaw|tongue)/.test(name) ? 'mouth' : null;
  if (!region) continue;
  const shapeName = region === 'leftEye' && name.endsWith('Right') ? null : name;
  if (!shapeName) continue;
  const svg = tileSvg(`${name} (${region} close-up, neutral on the right)`, delta, CLOSE_UPS[region]);
  await sharp(Buffer.from(svg))
    .png()
    .toFile(path.join(outDir, `closeup-${name}.png`));
}
const columns = 6;
const tileW = VIEW * 2;
const tileH = VIEW + 24;
const rows = Math.ceil(tiles.length / columns);
const sheet = await sharp({
  create: { width: columns * tileW, height: rows * tileH, channels: 3, background: '#ffffff' },
})
  .composite(tiles.map((t, k) => ({ input: t.png, left: (k % columns) * tileW, top: Math.floor(k / columns) * tileH })))
  .png()
  .toBuffer();
await sharp(sheet).toFile(path.join(outDir, 'contact-sheet.png'));
console.log(`wrote ${tiles.length} tiles and ${path.join(outDir, 'contact-sheet.png')}`);
