import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';

/**
 * Writes a rendered PNG to `out`, scaled to `longSide` on its long side when given, and returns
 * the size of the file written: that is the size the command reports, not the render's.
 */
export async function writePng(
  out: string,
  png: Uint8Array,
  longSide: number | null,
): Promise<{ width: number; height: number }> {
  if (longSide === null) {
    const { width, height } = await sharp(png).metadata();
    await writeFile(out, png);
    return { width: width!, height: height! };
  }
  const { data, info } = await sharp(png)
    .resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: false })
    .png()
    .toBuffer({ resolveWithObject: true });
  await writeFile(out, data);
  return { width: info.width, height: info.height };
}
