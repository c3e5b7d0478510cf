/**
 * Crops the same region out of several frames and lays them side by side, enlarged, for a close
 * look: npx tsx tools/generate/zoom.ts OUT.png x y w h scale FRAME.png...
 */
import sharp from 'sharp';

const [out, x, y, w, h, scale, ...frames] = process.argv.slice(2);
const box = { left: Number(x), top: Number(y), width: Number(w), height: Number(h) };
const k = Number(scale);
const tiles = await Promise.all(
  frames.map((file) =>
    sharp(file)
      .extract(box)
      .resize({ width: box.width * k, height: box.height * k, kernel: 'nearest' })
      .png()
      .toBuffer(),
  ),
);
await sharp({
  create: { width: box.width * k * tiles.length, height: box.height * k, channels: 3, background: '#000' },
})
  .composite(tiles.map((input, i) => ({ input, left: i * box.width * k, top: 0 })))
  .png()
  .toFile(out!);
