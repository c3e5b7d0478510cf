/**
 * The warp's first pass: for every pixel of the frame, which source position it shows, how near
 * that surface is and what kind of surface it is. Shading reads this map in a second pass.
 *
 * Written by hand on typed arrays: no library warps an image by a triangle mesh in Node (sharp
 * and libvips do affine transforms only; canvas/WebGL are not available to a worker thread
 * without a native GPU stack), and a per-pixel loop over preallocated arrays is what makes a
 * 512 px preview take a few milliseconds. Nothing in the loops allocates.
 */

/** Surface kinds, one byte a pixel. 0 means no triangle covers the pixel (it shows the photo unchanged). */
export const SURFACE = {
  none: 0,
  skin: 1,
  surround: 2,
  rightEye: 3,
  leftEye: 4,
  mouth: 5,
  rightUpperLid: 6,
  leftUpperLid: 7,
} as const;

export interface CoordinateMap {
  width: number;
  height: number;
  /** Source position (pixels of the sampled pyramid level) of each frame pixel. */
  sourceX: Float32Array;
  sourceY: Float32Array;
  /** Depth of the surface drawn at each pixel (smaller = nearer), for the depth test. */
  depth: Float32Array;
  surface: Uint8Array;
}

export function createCoordinateMap(width: number, height: number): CoordinateMap {
  const count = width * height;
  return {
    width,
    height,
    sourceX: new Float32Array(count),
    sourceY: new Float32Array(count),
    depth: new Float32Array(count),
    surface: new Uint8Array(count),
  };
}

export function clearCoordinateMap(map: CoordinateMap): void {
  map.surface.fill(0);
  map.depth.fill(Infinity);
}

/**
 * Rasterises triangles (frame positions `frameXY`, source positions `sourceXY`, depths `depth`,
 * two or one values a vertex) into the map with a depth test, so a nose turning over a cheek
 * hides it instead of smearing across it. Both windings are drawn: a triangle that flips is
 * turned away from the camera and the depth test decides whether it shows.
 */
export function rasterizeTriangles(
  map: CoordinateMap,
  frameXY: Float32Array,
  sourceXY: Float32Array,
  depth: Float32Array,
  triangles: Uint32Array | Uint16Array,
  surfaces: Uint8Array,
): void {
  const { width, height, sourceX, sourceY, depth: depthBuffer, surface } = map;
  const triangleCount = triangles.length / 3;
  for (let t = 0; t < triangleCount; t++) {
    const a = triangles[t * 3]!;
    const b = triangles[t * 3 + 1]!;
    const c = triangles[t * 3 + 2]!;
    const ax = frameXY[a * 2]!;
    const ay = frameXY[a * 2 + 1]!;
    const bx = frameXY[b * 2]!;
    const by = frameXY[b * 2 + 1]!;
    const cx = frameXY[c * 2]!;
    const cy = frameXY[c * 2 + 1]!;
    const area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (Math.abs(area) < 1e-9) continue;
    const minX = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const maxX = Math.min(width - 1, Math.ceil(Math.max(ax, bx, cx)));
    const minY = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const maxY = Math.min(height - 1, Math.ceil(Math.max(ay, by, cy)));
    if (minX > maxX || minY > maxY) continue;
    const inv = 1 / area;
    const sax = sourceXY[a * 2]!;
    const say = sourceXY[a * 2 + 1]!;
    const sbx = sourceXY[b * 2]!;
    const sby = sourceXY[b * 2 + 1]!;
    const scx = sourceXY[c * 2]!;
    const scy = sourceXY[c * 2 + 1]!;
    const za = depth[a]!;
    const zb = depth[b]!;
    const zc = depth[c]!;
    const kind = surfaces[t]!;
    // Barycentric weights are affine in (x, y): step them by their x and y increments.
    const w0dx = (by - cy) * inv;
    const w1dx = (cy - ay) * inv;
    // A little slack on the edge test so shared edges never leave a crack between triangles.
    const epsilon = -1e-4;
    for (let y = minY; y <= maxY; y++) {
      const py = y + 0.5;
      const startX = minX + 0.5;
      let w0 = ((bx - startX) * (cy - py) - (cx - startX) * (by - py)) * inv;
      let w1 = ((cx - startX) * (ay - py) - (ax - startX) * (cy - py)) * inv;
      let index = y * width + minX;
      for (let x = minX; x <= maxX; x++, index++, w0 += w0dx, w1 += w1dx) {
        const w2 = 1 - w0 - w1;
        if (w0 < epsilon || w1 < epsilon || w2 < epsilon) continue;
        const z = w0 * za + w1 * zb + w2 * zc;
        if (z >= depthBuffer[index]!) continue;
        depthBuffer[index] = z;
        sourceX[index] = w0 * sax + w1 * sbx + w2 * scx;
        sourceY[index] = w0 * say + w1 * sby + w2 * scy;
        surface[index] = kind;
      }
    }
  }
}
