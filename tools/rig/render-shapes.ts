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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, '.tmp/rig-shapes'));
const VIEW = 230;
const basis = getBlendshapeBasis();
const N = basis.pointCount;

type View = 'front' | 'side';

/** SVG group of one view: triangles sorted back to front, Lambert-shaded, tinted by displacement. */
interface Frame {
  /** pixels per model unit */
  scale: number;
  /** model point shown at the view's centre */
  centreX: number;
  centreY: number;
}
const WHOLE_FACE: Frame = { scale: VIEW * 0.72, centreX: 0, centreY: -0.01 };

function viewSvg(points: Float32Array, moved: Float32Array, view: View, offsetX: number, frame = WHOLE_FACE): string {
  const project = (i: number): [number, number, number] => {
    const x = points[i * 3]!;
    const y = points[i * 3 + 1]!;
    const z = points[i * 3 + 2]!;
    // Side view looks at the subject's left cheek (face pointing right), so Left shapes show in it.
    return view === 'front' ? [x, y, z] : [z, y, x];
  };
  const scale = frame.scale;
  const cx = VIEW / 2 - frame.centreX * scale;
  const cy = VIEW / 2 + frame.centreY * scale;
  const tris: { depth: number; d: string; fill: string }[] = [];
  const all = [...basis.triangles, ...basis.irisTriangles];
  for (let t = 0; t < all.length; t += 3) {
    const [a, b, c] = [all[t]!, all[t + 1]!, all[t + 2]!];
    const pa = project(a);
    const pb = project(b);
    const pc = project(c);
    const ux = pb[0] - pa[0], uy = pb[1] - pa[1], uz = pb[2] - pa[2]; // prettier-ignore
    const vx = pc[0] - pa[0], vy = pc[1] - pa[1], vz = pc[2] - pa[2]; // prettier-ignore
    let nx = uy * vz - uz * vy;
    let ny = uz * vx - ux * vz;
    let nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz) || 1;
    nx /= len;
    ny /= len;
    nz /= len;
    const light = Math.abs(0.25 * nx + 0.35 * ny + 0.9 * nz) / Math.hypot(0.25, 0.35, 0.9);
    const iris = a >= 468;
    const m = Math.min(1, (moved[a]! + moved[b]! + moved[c]!) / 3 / 0.04);
    const shade = 70 + 170 * light;
    const r = iris ? 40 : Math.round(shade * (1 - m) + 235 * m * (0.6 + 0.4 * light));
    const g = iris ? 90 : Math.round(shade * (1 - m) + 60 * m * light);
    const bl = iris ? 160 : Math.round(shade * (1 - m) + 50 * m * light);
    const pts = [pa, pb, pc]
      .map((p) => `${(cx + p[0] * scale).toFixed(1)},${(cy - p[1] * scale).toFixed(1)}`)
      .join(' ');
    tris.push({
      depth: (pa[2] + pb[2] + pc[2]) / 3 + (iris && view === 'front' ? 1 : 0),
      d: pts,
      fill: `rgb(${r},${g},${bl})`,
    });
  }
  tris.sort((p, q) => p.depth - q.depth);
  // A nested <svg> clips each view to its own square.
  return (
    `<svg x="${offsetX}" y="0" width="${VIEW}" height="${VIEW + 16}">` +
    tris
      .map((t) => `<polygon points="${t.d}" fill="${t.fill}" stroke="rgba(20,20,20,0.35)" stroke-width="0.4"/>`)
      .join('') +
    '</svg>'
  );
}

/** Close-ups (front view) of the eyes and the mouth, where small shapes are hard to judge whole-face. */
const CLOSE_UPS: Record<string, Frame> = {
  leftEye: { scale: VIEW * 3.2, centreX: 0.22, centreY: 0.25 },
  mouth: { scale: VIEW * 1.25, centreX: 0, centreY: -0.27 },
};

function tileSvg(label: string, delta: Float32Array | null, closeUp?: Frame): string {
  const points = Float32Array.from(basis.neutral);
  const moved = new Float32Array(N);
  if (delta) {
    for (let k = 0; k < points.length; k++) points[k] = points[k]! + delta[k]!;
    for (let i = 0; i < N; i++) moved[i] = Math.hypot(delta[i * 3]!, delta[i * 3 + 1]!, delta[i * 3 + 2]!);
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${VIEW * 2}" height="${VIEW + 24}">` +
    `<rect width="100%" height="100%" fill="#f4f1ea"/>` +
    viewSvg(points, moved, 'front', 0, closeUp) +
    (closeUp
      ? viewSvg(Float32Array.from(basis.neutral), new Float32Array(N), 'front', VIEW, closeUp)
      : viewSvg(points, moved, 'side', VIEW)) +
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
