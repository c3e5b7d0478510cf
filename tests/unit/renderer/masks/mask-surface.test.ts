import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BRUSH, atlasLayout, emptyMaskAtlas, layerVertexWeights } from '../../../../src/shared/masks';
import { MaskSurface } from '../../../../src/renderer/masks/mask-surface';

const astronaut = Float32Array.from(
  (
    JSON.parse(
      readFileSync(path.resolve(__dirname, '../../../integration/face/expected/astronaut-landmarks.json'), 'utf8'),
    ) as { landmarks: number[] }
  ).landmarks,
);
const point = (i: number) => [astronaut[i * 3]!, astronaut[i * 3 + 1]!] as const;

describe('mask painting surface', () => {
  it('shows the stroke while it is drawn, stores it in the atlas when it ends, and shows what is stored', () => {
    const surface = new MaskSurface(astronaut, 512, 512, emptyMaskAtlas());
    const alphaAt = (x: number, y: number) => {
      const [rx, ry] = surface.toRaster(x, y);
      return surface.pixels[(Math.floor(ry) * surface.raster.width + Math.floor(rx)) * 4 + 3]!;
    };
    const [lx, ly] = point(61); // right mouth corner
    const [rx, ry] = point(291); // left mouth corner
    expect(alphaAt(lx, ly)).toBe(0);

    surface.beginStroke(lx, ly, { ...DEFAULT_BRUSH, size: 10, hardness: 1 });
    surface.extendStroke((lx + rx) / 2, (ly + ry) / 2);
    surface.extendStroke(rx, ry);
    expect(alphaAt((lx + rx) / 2, (ly + ry) / 2)).toBeGreaterThan(100); // live, before the atlas knows
    expect(surface.atlas.data.every((value) => value === 0)).toBe(true);

    const before = surface.endStroke();
    expect(before?.data.every((value) => value === 0)).toBe(true);
    expect(surface.atlas.data.some((value) => value > 0)).toBe(true);
    // Read back from the atlas: the mouth line is painted, the eyes are not.
    expect(surface.shownAt((lx + rx) / 2, (ly + ry) / 2)).toBeGreaterThan(200);
    expect(surface.shownAt(...point(159))).toBe(0);
    const { uvs } = atlasLayout();
    const weights = layerVertexWeights(
      surface.atlas,
      Float32Array.of(uvs[13 * 2]!, uvs[13 * 2 + 1]!, uvs[159 * 2]!, uvs[159 * 2 + 1]!),
    );
    expect(weights[0]).toBeGreaterThan(0.8); // upper inner lip
    expect(weights[1]).toBe(0); // right upper lid

    // An eraser stroke off the face changes nothing and is not an edit.
    surface.beginStroke(5, 5, { ...DEFAULT_BRUSH, tool: 'eraser' });
    expect(surface.endStroke()).toBeNull();
  });
});
