import sharp from 'sharp';
import { ARKIT_BLENDSHAPE_NAMES } from '../../src/shared/rig/arkit-names';
import type { RigFitResult } from '../../src/shared/rig/fit/rig-fitter';
import { evaluateRig, identityNeutral, projectToImage } from '../../src/shared/rig/rig-model';
import { getBlendshapeBasis } from '../../src/shared/rig/blendshape-basis';
import { meshViewSvg } from './mesh-svg';

/**
 * One PNG that shows what a fit did to a real face: the photo with the landmarks (yellow) and the
 * fitted rig projected back (red wireframe), the fitted 3D mesh (identity modes + expression, no
 * per-point detail, so it shows only what the shapes explain) from the front, the side and close
 * to the mouth, and the strongest coefficients.
 */
const VIEW = 420;

export async function renderFitSheet(
  imagePath: string,
  landmarks: ArrayLike<number>,
  fit: RigFitResult,
  title: string,
  outFile: string,
): Promise<void> {
  const modelPoints = evaluateRig(identityNeutral({ modes: fit.identity.modes, detail: null }), fit.coefficients);
  const projected = projectToImage(modelPoints, fit.pose);
  const basis = getBlendshapeBasis();

  // Photo crop around the landmarks, scaled to VIEW.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity; // prettier-ignore
  for (let i = 0; i < 468; i++) {
    minX = Math.min(minX, landmarks[i * 3]!);
    maxX = Math.max(maxX, landmarks[i * 3]!);
    minY = Math.min(minY, landmarks[i * 3 + 1]!);
    maxY = Math.max(maxY, landmarks[i * 3 + 1]!);
  }
  const meta = await sharp(imagePath).metadata();
  const side = Math.max(maxX - minX, maxY - minY) * 1.15;
  const left = Math.max(0, Math.round((minX + maxX) / 2 - side / 2));
  const top = Math.max(0, Math.round((minY + maxY) / 2 - side / 2));
  const width = Math.min(Math.round(side), meta.width! - left);
  const height = Math.min(Math.round(side), meta.height! - top);
  const k = VIEW / Math.max(width, height);
  const photo = await sharp(imagePath)
    .extract({ left, top, width, height })
    .resize(Math.round(width * k), Math.round(height * k))
    .png()
    .toBuffer();
  const px = (v: number) => ((v - left) * k).toFixed(1);
  const py = (v: number) => ((v - top) * k).toFixed(1);
  let wire = '';
  for (let t = 0; t < basis.triangles.length; t += 3) {
    const [a, b, c] = [basis.triangles[t]!, basis.triangles[t + 1]!, basis.triangles[t + 2]!];
    wire += `<polygon points="${[a, b, c].map((i) => `${px(projected[i * 3]!)},${py(projected[i * 3 + 1]!)}`).join(' ')}" fill="none" stroke="rgba(255,40,40,0.55)" stroke-width="0.5"/>`;
  }
  let dots = '';
  for (let i = 0; i < landmarks.length / 3; i++) {
    dots += `<circle cx="${px(landmarks[i * 3]!)}" cy="${py(landmarks[i * 3 + 1]!)}" r="${i >= 468 ? 1.4 : 0.9}" fill="${i >= 468 ? 'cyan' : 'yellow'}"/>`;
  }
  const top8 = ARKIT_BLENDSHAPE_NAMES.map((name, i) => [name, fit.coefficients[i]!] as const)
    .filter(([, v]) => v >= 0.05)
    .sort((p, q) => q[1] - p[1])
    .slice(0, 14);
  const text = [
    title,
    `residual ${(fit.residualRms * 100).toFixed(2)}% face width (${fit.residualRmsPixels.toFixed(2)} px); yaw ${fit.pose.yawDeg.toFixed(1)} pitch ${fit.pose.pitchDeg.toFixed(1)} roll ${fit.pose.rollDeg.toFixed(1)}`,
    ...top8.map(([n, v]) => `${n} ${v.toFixed(2)}`),
  ];
  const mouth = { scale: VIEW * 1.5, centreX: 0, centreY: -0.24 };
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${VIEW * 3}" height="${VIEW * 2 + 20}">` +
    `<rect width="100%" height="100%" fill="#f4f1ea"/>` +
    `<svg x="0" y="0" width="${VIEW}" height="${VIEW}">${wire}${dots}</svg>` +
    meshViewSvg(modelPoints, { size: VIEW, view: 'front', offsetX: VIEW }) +
    meshViewSvg(modelPoints, { size: VIEW, view: 'side', offsetX: VIEW * 2 }) +
    meshViewSvg(modelPoints, { size: VIEW, view: 'front', offsetY: VIEW, frame: mouth }) +
    text
      .map(
        (line, i) =>
          `<text x="${VIEW + 12}" y="${VIEW + 24 + i * 20}" font-family="sans-serif" font-size="${i === 0 ? 17 : 15}" fill="#222">${line}</text>`,
      ) // prettier-ignore
      .join('') +
    '</svg>';
  await sharp(Buffer.from(svg))
    .composite([{ input: photo, left: 0, top: 0, blend: 'dest-over' }])
    .png()
    .toFile(outFile);
}
