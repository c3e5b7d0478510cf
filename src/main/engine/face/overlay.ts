import sharp from 'sharp';
import type { FaceAnalysis, RgbaImage } from './types';

/**
 * Draws the analysis over the photo (boxes, 468 mesh points, eye and iris points) and returns a PNG.
 * For eyeballing fits in tests, benchmarks and bug reports; the app's viewer draws its own overlay.
 */
export async function renderOverlayPng(
  photo: Buffer | string | RgbaImage,
  analysis: FaceAnalysis,
  scale = 1,
): Promise<Buffer> {
  const width = Math.round(analysis.imageWidth * scale);
  const height = Math.round(analysis.imageHeight * scale);
  const radius = Math.max(1, Math.round(Math.max(width, height) / 400));
  const parts: string[] = [];
  const circle = (x: number, y: number, r: number, fill: string) =>
    parts.push(`<circle cx="${(x * scale).toFixed(1)}" cy="${(y * scale).toFixed(1)}" r="${r}" fill="${fill}"/>`);
  for (const rejected of analysis.rejected) {
    const { x, y, width: w, height: h } = rejected.box;
    parts.push(
      `<rect x="${x * scale}" y="${y * scale}" width="${w * scale}" height="${h * scale}" fill="none" stroke="orange" stroke-width="2"/>`,
    );
  }
  if (analysis.ok) {
    analysis.faces.forEach((face, index) => {
      const { x, y, width: w, height: h } = face.box;
      const stroke = index === analysis.chosenIndex ? 'lime' : 'yellow';
      parts.push(
        `<rect x="${x * scale}" y="${y * scale}" width="${w * scale}" height="${h * scale}" fill="none" stroke="${stroke}" stroke-width="2"/>`,
      );
      const p = face.landmarks;
      for (let i = 0; i < 468; i++) circle(p[3 * i]!, p[3 * i + 1]!, radius, 'cyan');
      for (const i of [33, 133, 263, 362]) circle(p[3 * i]!, p[3 * i + 1]!, radius + 1, 'blue');
      for (const i of [1, 13, 14, 61, 291]) circle(p[3 * i]!, p[3 * i + 1]!, radius + 1, 'yellow');
      for (let i = 468; i < 478; i++)
        circle(p[3 * i]!, p[3 * i + 1]!, radius + 1, i === 468 || i === 473 ? 'red' : 'magenta');
    });
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
  const source =
    typeof photo === 'string' || Buffer.isBuffer(photo)
      ? sharp(photo).rotate()
      : sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 4 } });
  return source
    .resize(width, height, { fit: 'fill' })
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .png()
    .toBuffer();
}
