import sharp from 'sharp';

/** Writes a JPEG of a flat colour gradient: nothing a face detector could take for a face. */
export async function writeNoFacePhoto(file: string): Promise<void> {
  const [width, height] = [320, 240];
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    pixels.set([((i % width) * 255) / width, (Math.floor(i / width) * 255) / height, 128], i * 3);
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg()
    .toFile(file);
}
