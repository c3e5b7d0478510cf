import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_MASKS, type RgbaFrame } from '../../../src/main/engine/generate/generator';
import { fitLandmarksForSource, generatorSource } from '../../../src/main/engine/generate/generator-source';
import { insidePolygon, luma, type Rgb } from '../../../src/main/engine/generate/warp/photo-colours';
import { warpGenerator, type WarpPrepared } from '../../../src/main/engine/generate/warp/warp-generator';
import { MOUTH_LUT_SIZE } from '../../../src/main/engine/generate/warp/mouth-interior';
import { teethBite } from '../../../src/main/engine/generate/warp/teeth-bite';
import { MOUTH_INNER_LOOP } from '../../../src/main/engine/generate/warp/warp-topology';
import { coefficientsToRecord } from '../../../src/shared/rig';
import { astronaut, expectedPath, toRgba } from '../face/face-fixtures';

/**
 * Teeth in an opened mouth: a photo whose lips are closed gets painted teeth when a smile parts
 * them. The astronaut shows her teeth; with everything between her inner lips repainted as glossy
 * closed lips (lip-toned, every other pixel a highlight as bright as shaded skin), the photo shows
 * none, and a grin must not open onto a dark hole. The highlights once passed for teeth (bright
 * against the skin, only 32% saturated): no teeth were painted, and the grin of a driving video's
 * closed-mouth neutral frame was a dark gap (tools/generate/real-vs-render.ts on smile-grimace-78f).
 */
describe('painted teeth behind lips the photo shows closed', () => {
  let landmarks: number[];
  let fit: ReturnType<typeof fitLandmarksForSource>;
  let teethShown: WarpPrepared;
  let closedLips: WarpPrepared;

  beforeAll(async () => {
    const photo = await toRgba(astronaut());
    landmarks = (JSON.parse(readFileSync(expectedPath, 'utf8')) as { landmarks: number[] }).landmarks;
    fit = fitLandmarksForSource(landmarks);
    const prepare = (image: RgbaFrame) =>
      warpGenerator.prepare(generatorSource('astronaut', image, landmarks, photo.width, fit));
    teethShown = prepare({ ...photo, data: new Uint8Array(photo.data) });
    const { skin } = teethShown.colours;
    // A pink highlight at 80% of the skin's brightness, 32% saturated (g and b at 68-70% of r).
    const r = Math.min(255, (0.8 * luma(skin)) / (0.299 + 0.587 * 0.7 + 0.114 * 0.68));
    const highlight: Rgb = [r, 0.7 * r, 0.68 * r];
    // The lips between the highlights: darker and redder, so no blend of the two is colourless.
    const lip: Rgb = [0.8 * r, 0.48 * r, 0.48 * r];
    // The inner contour lies a little inside the visible teeth: repaint a band beyond it too.
    const inner = scaledAboutCentre(innerLoop(landmarks), 1.15, 2.5);
    const glossy = new Uint8Array(photo.data);
    for (let y = 0; y < photo.height; y++) {
      for (let x = 0; x < photo.width; x++) {
        if (!insidePolygon(inner, x + 0.5, y + 0.5)) continue;
        glossy.set((x + y) % 2 === 0 ? highlight : lip, (y * photo.width + x) * 4);
      }
    }
    closedLips = prepare({ ...photo, data: glossy });
  });

  it('tells teeth from lip highlights', () => {
    expect(teethShown.colours.teethFromPhoto).toBe(true);
    expect(closedLips.colours.teethFromPhoto).toBe(false);
  });

  it('paints teeth into the gap a grin opens', () => {
    const grin = {
      coefficients: { ...coefficientsToRecord(fit.coefficients), mouthSmileLeft: 1, mouthSmileRight: 1, jawOpen: 0.7 },
      head: { yawDeg: fit.pose.yawDeg, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg },
    };
    const enamel = (prepared: WarpPrepared): number => {
      const frame = warpGenerator.render(prepared, grin, {}, NO_MASKS, { kind: 'full' });
      const { data, width, height } = frame.image;
      const inner = innerLoop(Array.from(prepared.target));
      // Brighter than the lips, and nearly colourless (the repainted lips' highlights are 32% saturated).
      const floor = luma(prepared.colours.lip);
      let count = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if (!insidePolygon(inner, x + 0.5, y + 0.5)) continue;
          const o = (y * width + x) * 4;
          const pixel: Rgb = [data[o]!, data[o + 1]!, data[o + 2]!];
          const max = Math.max(...pixel);
          if (luma(pixel) > floor && max - Math.min(...pixel) < 0.28 * max) count++;
        }
      }
      return count;
    };
    // Against the same photo taken to show teeth (what the highlights made of it): nothing is painted
    // there but the carried interior, here the repainted lips.
    const mistaken = { ...closedLips, colours: { ...closedLips.colours, teethFromPhoto: true } };
    const painted = enamel(closedLips);
    const none = enamel(mistaken);
    expect(none).toBeLessThan(20);
    expect(painted).toBeGreaterThan(100);
  });

  it('holds the teeth rows together over a closed jaw and apart by the jaw drop (teeth-bite.ts)', () => {
    const head = { yawDeg: fit.pose.yawDeg, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg };
    const biteAt = (jawOpen: number) => {
      const edit = { coefficients: { ...coefficientsToRecord(fit.coefficients), jawOpen }, head };
      warpGenerator.render(closedLips, edit, {}, NO_MASKS, { kind: 'full' });
      const t = closedLips.target;
      const [rx, ry, lx, ly] = [t[78 * 3]!, t[78 * 3 + 1]!, t[308 * 3]!, t[308 * 3 + 1]!];
      const width = Math.hypot(lx - rx, ly - ry);
      const axes = {
        rx: rx - closedLips.geometry.region.x,
        ry: ry - closedLips.geometry.region.y,
        width,
        axisX: (lx - rx) / width,
        axisY: (ly - ry) / width,
      };
      const bite = teethBite(closedLips, head, axes, 1);
      return { middle: bite[MOUTH_LUT_SIZE >> 1]!, width };
    };
    const closed = biteAt(0);
    const open = biteAt(0.7);
    // Closed: the lower edges behind the upper ones (her resting lips, fitted, part by a pixel).
    // Dropped: apart by a good part of the mouth.
    expect(closed.middle).toBeLessThan(0.05 * closed.width);
    expect(open.middle).toBeGreaterThan(0.15 * open.width);
  });
});

function scaledAboutCentre(polygon: number[], across: number, down: number): number[] {
  const n = polygon.length / 2;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += polygon[2 * i]! / n;
    cy += polygon[2 * i + 1]! / n;
  }
  return polygon.map((v, j) => (j % 2 === 0 ? cx + (v - cx) * across : cy + (v - cy) * down));
}

function innerLoop(points: ArrayLike<number>): number[] {
  return MOUTH_INNER_LOOP.flatMap((i) => [points[i * 3]!, points[i * 3 + 1]!]);
}
