/**
 * Contact sheets of the built-in generator on every fixture portrait: the photo, then each edit of
 * EDIT_CASES, as 512 px previews of the face region (the same render path as the editor's preview).
 * Writes .tmp/generate/contact-<portrait>.png, contact-all.png and each frame as <portrait>/<edit>.png.
 *   npx tsx tools/generate/contact-sheet.ts [maxSide]
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import { NO_MASKS } from '../../src/main/engine/generate/generator';
import { warpGenerator } from '../../src/main/engine/generate/warp/warp-generator';
import { loadPortraitLandmarks, repoRoot } from '../rig/portrait-landmarks';
import { EDIT_CASES, fitOf, sourceFromPhoto } from './edit-cases';

const maxSide = Number(process.argv[2] ?? 512);
const outDir = path.join(repoRoot, '.tmp/generate');
mkdirSync(outDir, { recursive: true });
const tile = 384;
const labelHeight = 28;

const label = (text: string): Buffer =>
  Buffer.from(
    `<svg width="${tile}" height="${labelHeight}"><rect width="100%" height="100%" fill="#222"/><text x="8" y="20" font-family="sans-serif" font-size="16" fill="#eee">${text}</text></svg>`,
  );

const rows: Buffer[] = [];
for (const portrait of await loadPortraitLandmarks()) {
  const source = await sourceFromPhoto(portrait.image, portrait.landmarks);
  const prepared = warpGenerator.prepare(source);
  mkdirSync(path.join(outDir, portrait.name), { recursive: true });
  const tiles: OverlayOptions[] = [];
  const notes: string[] = [];
  for (const [column, edit] of EDIT_CASES.entries()) {
    const started = performance.now();
    const frame = warpGenerator.render(prepared, edit.target(fitOf(source)), {}, NO_MASKS, {
      kind: 'preview',
      maxSide,
    });
    const ms = performance.now() - started;
    const capped = frame.report.capped.map((c) => `${c.name} ${c.given.toFixed(0)}→${c.used.toFixed(0)}`).join(' ');
    notes.push(`${edit.id} ${ms.toFixed(0)} ms${capped ? ` capped ${capped}` : ''}`);
    const { data, width, height } = frame.image;
    await sharp(data, { raw: { width, height, channels: 4 } })
      .png()
      .toFile(path.join(outDir, portrait.name, `${edit.id}.png`));
    const png = await sharp(data, { raw: { width, height, channels: 4 } })
      .resize({ width: tile, height: tile, fit: 'contain', background: '#111' })
      .png()
      .toBuffer();
    tiles.push({ input: png, left: column * tile, top: labelHeight });
    tiles.push({ input: label(`${edit.label}${capped ? ' (capped)' : ''}`), left: column * tile, top: 0 });
  }
  const row = await sharp({
    create: { width: tile * EDIT_CASES.length, height: tile + labelHeight, channels: 3, background: '#111' },
  })
    .composite(tiles)
    .png()
    .toBuffer();
  await sharp(row).toFile(path.join(outDir, `contact-${portrait.name}.png`));
  rows.push(row);
  console.log(`${portrait.name}: ${notes.join(', ')}`);
}
const all = await sharp({
  create: {
    width: tile * EDIT_CASES.length,
    height: rows.length * (tile + labelHeight),
    channels: 3,
    background: '#111',
  },
})
  .composite(rows.map((input, i) => ({ input, left: 0, top: i * (tile + labelHeight) })))
  .png()
  .toBuffer();
await sharp(all).toFile(path.join(outDir, 'contact-all.png'));
console.log(`wrote ${outDir}/contact-*.png`);
