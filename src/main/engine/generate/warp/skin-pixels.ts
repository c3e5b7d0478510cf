import { FACE_MESH_TRIANGLES } from '../../../../shared/rig';
import { SURFACE } from './coordinate-map';

/** Where the warp drew the face: what a pass over its skin (detail layer, drawn folds) reads. */
export interface DrawnFace {
  width: number;
  height: number;
  /** The raster's depth per frame pixel (what the warp drew there). */
  depthBuffer: Float32Array;
  /** Frame position (x, y) and depth of every warp vertex, as the warp drew them. */
  frameXY: Float32Array;
  depth: Float32Array;
  /** The warp's triangle surfaces (skin only: eyes and mouth are painted). */
  surfaces: Uint8Array;
  /** Depth slack of the visibility test (landmark z units: pixels of the photo). */
  depthTolerance: number;
}

/**
 * Called per visible skin pixel with the face-mesh triangle's vertices and the pixel's barycentric
 * weights; returns true when it used the pixel, which then no other triangle visits (a pixel on an
 * edge two triangles share is inside both).
 */
export type SkinPixelVisit = (
  index: number,
  a: number,
  b: number,
  c: number,
  wa: number,
  wb: number,
  wc: number,
) => boolean;

/**
 * Walks the face-mesh triangles `pick` accepts (by index into FACE_MESH_TRIANGLES), drawn on skin,
 * and visits each frame pixel inside one where that triangle is the visible surface (another one,
 * a turned nose, may be in front). Hand-written for the reason the warp's raster is
 * (coordinate-map.ts): nothing in Node maps an image through a triangle mesh.
 */
export function forEachSkinPixel(face: DrawnFace, pick: (triangle: number) => boolean, visit: SkinPixelVisit): void {
  const { width, height, depthBuffer, frameXY, depth, surfaces, depthTolerance } = face;
  const visited = new Uint8Array(width * height);
  const count = FACE_MESH_TRIANGLES.length / 3;
  for (let t = 0; t < count; t++) {
    if (surfaces[t] !== SURFACE.skin || !pick(t)) continue;
    const a = FACE_MESH_TRIANGLES[t * 3]!;
    const b = FACE_MESH_TRIANGLES[t * 3 + 1]!;
    const c = FACE_MESH_TRIANGLES[t * 3 + 2]!;
    const ax = frameXY[a * 2]!;
    const ay = frameXY[a * 2 + 1]!;
    const bx = frameXY[b * 2]!;
    const by = frameXY[b * 2 + 1]!;
    const cx = frameXY[c * 2]!;
    const cy = frameXY[c * 2 + 1]!;
    const area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (Math.abs(area) < 1e-9) continue;
    const inv = 1 / area;
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const x1 = Math.min(width - 1, Math.ceil(Math.max(ax, bx, cx)));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const y1 = Math.min(height - 1, Math.ceil(Math.max(ay, by, cy)));
    for (let y = y0; y <= y1; y++) {
      const py = y + 0.5;
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5;
        const wa = ((bx - px) * (cy - py) - (cx - px) * (by - py)) * inv;
        const wb = ((cx - px) * (ay - py) - (ax - px) * (cy - py)) * inv;
        const wc = 1 - wa - wb;
        if (wa < 0 || wb < 0 || wc < 0) continue;
        const index = y * width + x;
        if (visited[index]) continue;
        const z = wa * depth[a]! + wb * depth[b]! + wc * depth[c]!;
        if (z > depthBuffer[index]! + depthTolerance) continue;
        if (visit(index, a, b, c, wa, wb, wc)) visited[index] = 1;
      }
    }
  }
}
