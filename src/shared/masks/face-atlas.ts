import {
  ATLAS_FACE_POINTS,
  ATLAS_RING_EXTENSIONS,
  ATLAS_VERTEX_COUNT,
  MASK_ATLAS_SIZE,
  atlasLayout,
  extendBeyondFace,
} from './atlas-layout';
import { rasterTriangle } from './raster-triangle';
import { TriangleLocator } from './triangle-locator';

/**
 * The atlas mesh placed on one photo's face: photo pixel <-> atlas position through the mesh of
 * the photo's landmarks and its rings (barycentric inside each triangle). Where a turned head folds
 * the mesh over itself on the photo, the nearest surface wins (landmark z: smaller is nearer), and
 * the face always wins over the rings around it.
 */
export interface FaceAtlasMapping {
  /** x, y, z of every atlas vertex on the photo (its pixels). */
  positions: Float32Array;
  photo: TriangleLocator;
  atlas: TriangleLocator;
}

/** The rings lie behind the face in depth, far enough that a face triangle always wins an overlap. */
const RING_DEPTH = ATLAS_RING_EXTENSIONS.map((_, ring) => 1e5 * (ring + 1));

let atlasLocator: TriangleLocator | null = null;
const atlasSpace = (): TriangleLocator => {
  const layout = atlasLayout();
  atlasLocator ??= new TriangleLocator(layout.uvs, 2, layout.triangles);
  return atlasLocator;
};

/** The mapping for a face given its landmarks (x, y, z per point, at least the 468 mesh points, in photo pixels). */
export function mapFaceAtlas(landmarks: ArrayLike<number>): FaceAtlasMapping {
  if (landmarks.length < ATLAS_FACE_POINTS * 3) {
    throw new Error(`a face atlas needs ${ATLAS_FACE_POINTS} landmarks, got ${Math.floor(landmarks.length / 3)}`);
  }
  const positions = new Float32Array(ATLAS_VERTEX_COUNT * 3);
  for (let i = 0; i < ATLAS_FACE_POINTS * 3; i++) positions[i] = landmarks[i]!;
  extendBeyondFace(positions, 3, RING_DEPTH);
  return { positions, photo: new TriangleLocator(positions, 3, atlasLayout().triangles), atlas: atlasSpace() };
}

const interpolate = (
  values: ArrayLike<number>,
  stride: number,
  triangles: Uint32Array,
  t: number,
  weights: readonly [number, number, number],
  component: number,
): number =>
  weights[0] * values[triangles[t * 3]! * stride + component]! +
  weights[1] * values[triangles[t * 3 + 1]! * stride + component]! +
  weights[2] * values[triangles[t * 3 + 2]! * stride + component]!;

/** Atlas position (u, v in [0, 1]) of photo pixel position (x, y), or null outside the mesh. */
export function photoToAtlas(mapping: FaceAtlasMapping, x: number, y: number): [number, number] | null {
  const { positions, photo } = mapping;
  const triangles = photo.triangles;
  let best: { t: number; w: [number, number, number]; z: number } | null = null;
  for (const hit of photo.hits(x, y)) {
    const z = interpolate(positions, 3, triangles, hit.triangle, hit.weights, 2);
    if (!best || z < best.z) best = { t: hit.triangle, w: hit.weights, z };
  }
  if (!best) return null;
  const uvs = atlasLayout().uvs;
  return [interpolate(uvs, 2, triangles, best.t, best.w, 0), interpolate(uvs, 2, triangles, best.t, best.w, 1)];
}

/** Photo pixel position of atlas position (u, v), or null where the atlas has no mesh. */
export function atlasToPhoto(mapping: FaceAtlasMapping, u: number, v: number): [number, number] | null {
  const hit = mapping.atlas.hits(u, v)[0];
  if (!hit) return null;
  const triangles = mapping.atlas.triangles;
  return [
    interpolate(mapping.positions, 3, triangles, hit.triangle, hit.weights, 0),
    interpolate(mapping.positions, 3, triangles, hit.triangle, hit.weights, 1),
  ];
}

/**
 * Atlas positions of photo points (x, y first of every `stride` numbers): u, v per point, NaN for
 * a point outside the mesh. The generator calls it with its vertices' photo positions.
 */
export function atlasUvsOfPhotoPoints(mapping: FaceAtlasMapping, points: ArrayLike<number>, stride = 3): Float32Array {
  const count = Math.floor(points.length / stride);
  const uvs = new Float32Array(count * 2).fill(Number.NaN);
  for (let i = 0; i < count; i++) {
    const uv = photoToAtlas(mapping, points[i * stride]!, points[i * stride + 1]!);
    if (uv) uvs.set(uv, i * 2);
  }
  return uvs;
}

/**
 * For every pixel of a size x size atlas: the photo position of its centre (x, y pairs; NaN where
 * the atlas has no mesh). Painting uses it to carry a stroke drawn on the photo into the atlas.
 */
export function atlasPixelsOnPhoto(mapping: FaceAtlasMapping, size = MASK_ATLAS_SIZE): Float32Array {
  const table = new Float32Array(size * size * 2).fill(Number.NaN);
  const { uvs, triangles } = atlasLayout();
  const p = mapping.positions;
  for (let t = 0; t < triangles.length / 3; t++) {
    const a = triangles[t * 3]!;
    const b = triangles[t * 3 + 1]!;
    const c = triangles[t * 3 + 2]!;
    rasterTriangle(
      uvs[a * 2]! * size,
      uvs[a * 2 + 1]! * size,
      uvs[b * 2]! * size,
      uvs[b * 2 + 1]! * size,
      uvs[c * 2]! * size,
      uvs[c * 2 + 1]! * size,
      size,
      size,
      (index, wa, wb, wc) => {
        table[index * 2] = wa * p[a * 3]! + wb * p[b * 3]! + wc * p[c * 3]!;
        table[index * 2 + 1] = wa * p[a * 3 + 1]! + wb * p[b * 3 + 1]! + wc * p[c * 3 + 1]!;
      },
    );
  }
  return table;
}

/** A grid of pixels over part of the photo: raster pixel (i, j) covers photo pixels from (x + i / scale, y + j / scale). */
export interface PhotoRaster {
  x: number;
  y: number;
  /** Raster pixels per photo pixel. */
  scale: number;
  width: number;
  height: number;
}

/** The part of the photo the atlas covers (clipped to the image), at most `maxSide` raster pixels on its long side. */
export function photoRasterOf(
  mapping: FaceAtlasMapping,
  imageWidth: number,
  imageHeight: number,
  maxSide: number,
): PhotoRaster {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < ATLAS_VERTEX_COUNT; i++) {
    x0 = Math.min(x0, mapping.positions[i * 3]!);
    y0 = Math.min(y0, mapping.positions[i * 3 + 1]!);
    x1 = Math.max(x1, mapping.positions[i * 3]!);
    y1 = Math.max(y1, mapping.positions[i * 3 + 1]!);
  }
  const x = Math.max(0, Math.floor(x0));
  const y = Math.max(0, Math.floor(y0));
  const w = Math.max(1, Math.min(imageWidth, Math.ceil(x1)) - x);
  const h = Math.max(1, Math.min(imageHeight, Math.ceil(y1)) - y);
  const scale = Math.min(1, maxSide / Math.max(w, h));
  return { x, y, scale, width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/**
 * For every pixel of a photo raster: the atlas position (u, v pairs; NaN off the mesh) it shows,
 * the nearest surface winning where the mesh folds. Showing a mask on the photo is one lookup a pixel.
 */
export function photoRasterAtlasUvs(mapping: FaceAtlasMapping, raster: PhotoRaster): Float32Array {
  const { width, height, scale } = raster;
  const table = new Float32Array(width * height * 2).fill(Number.NaN);
  const depth = new Float32Array(width * height).fill(Infinity);
  const { uvs, triangles } = atlasLayout();
  const p = mapping.positions;
  const rx = (v: number) => (p[v * 3]! - raster.x) * scale;
  const ry = (v: number) => (p[v * 3 + 1]! - raster.y) * scale;
  for (let t = 0; t < triangles.length / 3; t++) {
    const a = triangles[t * 3]!;
    const b = triangles[t * 3 + 1]!;
    const c = triangles[t * 3 + 2]!;
    rasterTriangle(rx(a), ry(a), rx(b), ry(b), rx(c), ry(c), width, height, (index, wa, wb, wc) => {
      const z = wa * p[a * 3 + 2]! + wb * p[b * 3 + 2]! + wc * p[c * 3 + 2]!;
      if (z >= depth[index]!) return;
      depth[index] = z;
      table[index * 2] = wa * uvs[a * 2]! + wb * uvs[b * 2]! + wc * uvs[c * 2]!;
      table[index * 2 + 1] = wa * uvs[a * 2 + 1]! + wb * uvs[b * 2 + 1]! + wc * uvs[c * 2 + 1]!;
    });
  }
  return table;
}
