import { FACE_MESH_REGIONS, FACE_MESH_TRIANGLES, FACE_MESH_UV } from '../rig';

/**
 * The face-space atlas: one square picture in which every painted mask lives. Its layout is
 * MediaPipe's canonical UV layout of the 468-point face mesh, shrunk into the middle of the square,
 * plus three rings of points outside the face's silhouette (on rays from the face's centre), so
 * the forehead and hair, the ears and the neck can be painted too. The same mesh, placed on a photo
 * through the photo's landmarks (face-atlas.ts), maps any photo pixel to an atlas position and back
 * by barycentric interpolation: a mask painted on the photo stays on the same skin whatever the
 * expression or head pose, because it is stored against the face, not the picture.
 */

/** Side of the atlas image in pixels (masks are MASK_ATLAS_SIZE x MASK_ATLAS_SIZE 8-bit grey). */
export const MASK_ATLAS_SIZE = 512;

/** Face mesh points (MediaPipe's 468, without the refined iris points). */
export const ATLAS_FACE_POINTS = 468;
/** The inner lip contour as a closed loop; the mesh leaves it open, a fan closes it so the mouth can be painted. */
export const ATLAS_MOUTH_LOOP = [
  78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95,
] as const;
export const ATLAS_SILHOUETTE: readonly number[] = FACE_MESH_REGIONS.silhouette;
/**
 * How far each ring lies beyond the silhouette, as a fraction of the silhouette point's distance
 * from the face's centre: 0.9 reaches the top of the head above the forehead, past the ears at the
 * sides and down the neck below the chin.
 */
export const ATLAS_RING_EXTENSIONS = [0.25, 0.55, 0.9] as const;

export const ATLAS_MOUTH_VERTEX = ATLAS_FACE_POINTS;
export const ATLAS_RING_START = ATLAS_FACE_POINTS + 1;
export const ATLAS_VERTEX_COUNT = ATLAS_RING_START + ATLAS_RING_EXTENSIONS.length * ATLAS_SILHOUETTE.length;

export interface AtlasLayout {
  /** u, v in [0, 1] per vertex (u to the right, v downwards, as image rows). */
  uvs: Float32Array;
  /** Three vertex indices per triangle: the face's, the mouth fan, then the ring bands. */
  triangles: Uint32Array;
  /** Triangles before this index are the face (and mouth); from it on, the rings outside the face. */
  ringTriangleStart: number;
}

/** Mean of the silhouette points of an x, y array with `stride` numbers per point. */
export function silhouetteCentre(points: ArrayLike<number>, stride: number): [number, number] {
  let x = 0;
  let y = 0;
  for (const i of ATLAS_SILHOUETTE) {
    x += points[i * stride]!;
    y += points[i * stride + 1]!;
  }
  return [x / ATLAS_SILHOUETTE.length, y / ATLAS_SILHOUETTE.length];
}

/**
 * Fills the mouth centre and ring vertices of `out` (stride numbers per vertex; x, y first) from its
 * face points: the same construction in atlas space and in a photo, which is what makes the two
 * correspond. `depth` (stride 3 only) gives ring vertex k the silhouette's depth plus depth[k].
 */
export function extendBeyondFace(out: Float32Array, stride: number, depth?: readonly number[]): void {
  const [cx, cy] = silhouetteCentre(out, stride);
  for (let a = 0; a < stride; a++) {
    let sum = 0;
    for (const i of ATLAS_MOUTH_LOOP) sum += out[i * stride + a]!;
    out[ATLAS_MOUTH_VERTEX * stride + a] = sum / ATLAS_MOUTH_LOOP.length;
  }
  const n = ATLAS_SILHOUETTE.length;
  ATLAS_RING_EXTENSIONS.forEach((extension, ring) => {
    for (let i = 0; i < n; i++) {
      const s = ATLAS_SILHOUETTE[i]!;
      const v = ATLAS_RING_START + ring * n + i;
      out[v * stride] = cx + (out[s * stride]! - cx) * (1 + extension);
      out[v * stride + 1] = cy + (out[s * stride + 1]! - cy) * (1 + extension);
      if (stride >= 3) out[v * stride + 2] = out[s * stride + 2]! + (depth?.[ring] ?? 0);
    }
  });
}

let cached: AtlasLayout | null = null;

/** The atlas mesh (the same for every face). */
export function atlasLayout(): AtlasLayout {
  if (cached) return cached;
  const uvs = new Float32Array(ATLAS_VERTEX_COUNT * 2);
  for (let i = 0; i < ATLAS_FACE_POINTS * 2; i++) uvs[i] = FACE_MESH_UV[i]!;
  // The canonical layout fills the unit square; shrink it about the silhouette's centre so the
  // outermost ring fits inside the atlas with a small margin.
  const [cx, cy] = silhouetteCentre(uvs, 2);
  let reach = 0;
  for (const i of ATLAS_SILHOUETTE) {
    reach = Math.max(reach, Math.abs(uvs[i * 2]! - cx), Math.abs(uvs[i * 2 + 1]! - cy));
  }
  const scale = (0.5 - 0.01) / (reach * (1 + ATLAS_RING_EXTENSIONS.at(-1)!));
  for (let i = 0; i < ATLAS_FACE_POINTS; i++) {
    uvs[i * 2] = 0.5 + (uvs[i * 2]! - cx) * scale;
    uvs[i * 2 + 1] = 0.5 + (uvs[i * 2 + 1]! - cy) * scale;
  }
  extendBeyondFace(uvs, 2);

  const triangles: number[] = [...FACE_MESH_TRIANGLES];
  for (let i = 0; i < ATLAS_MOUTH_LOOP.length; i++) {
    triangles.push(ATLAS_MOUTH_VERTEX, ATLAS_MOUTH_LOOP[i]!, ATLAS_MOUTH_LOOP[(i + 1) % ATLAS_MOUTH_LOOP.length]!);
  }
  const ringTriangleStart = triangles.length / 3;
  const n = ATLAS_SILHOUETTE.length;
  const rows: number[][] = [
    [...ATLAS_SILHOUETTE],
    ...ATLAS_RING_EXTENSIONS.map((_, ring) => Array.from({ length: n }, (_, i) => ATLAS_RING_START + ring * n + i)),
  ];
  for (let r = 0; r + 1 < rows.length; r++) {
    const inner = rows[r]!;
    const outer = rows[r + 1]!;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      triangles.push(inner[i]!, outer[i]!, outer[j]!, inner[i]!, outer[j]!, inner[j]!);
    }
  }
  // One winding for every triangle (the face's): the mouth fan's and the bands' own order depend on the loops' direction.
  const cross = (t: number) => {
    const [a, b, c] = [triangles[t * 3]!, triangles[t * 3 + 1]!, triangles[t * 3 + 2]!];
    return (
      (uvs[b * 2]! - uvs[a * 2]!) * (uvs[c * 2 + 1]! - uvs[a * 2 + 1]!) -
      (uvs[b * 2 + 1]! - uvs[a * 2 + 1]!) * (uvs[c * 2]! - uvs[a * 2]!)
    );
  };
  const faceSign = Math.sign(cross(0));
  for (let t = FACE_MESH_TRIANGLES.length / 3; t < triangles.length / 3; t++) {
    if (Math.sign(cross(t)) !== faceSign)
      [triangles[t * 3 + 1], triangles[t * 3 + 2]] = [triangles[t * 3 + 2]!, triangles[t * 3 + 1]!];
  }
  cached = { uvs, triangles: Uint32Array.from(triangles), ringTriangleStart };
  return cached;
}
