import { FACE_MESH_REGIONS, FACE_MESH_TRIANGLES, RIG_POINT_COUNT } from '../../../../shared/rig';
import { SURFACE } from './coordinate-map';

/**
 * The warp's triangle mesh, the same for every photo: MediaPipe's 880 face triangles, a fan that
 * closes the mouth hole (the mesh leaves the inner lip contour open), and three bands of quads
 * outside the face: silhouette -> ring 1 -> ring 2 -> the fixed frame border. The bands let hair,
 * ears, neck and background follow the head smoothly and pin the edge of the warped region to the
 * untouched photo, so the paste-back has no seam.
 */

/** The inner lip contour as a closed loop: right corner, upper inner lip, left corner, lower inner lip. */
export const MOUTH_INNER_LOOP = [
  78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95,
] as const;
/** Upper and lower inner lip, each from the right corner (78) to the left corner (308). */
export const UPPER_INNER_LIP = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308] as const;
export const LOWER_INNER_LIP = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308] as const;

/** Lid margins, outer corner to inner corner, per eye (the subject's right eye is on the image's left). */
export const EYES = {
  right: {
    upper: [33, ...FACE_MESH_REGIONS.rightEyeUpper0, 133],
    lower: FACE_MESH_REGIONS.rightEyeLower0,
    /** The row above the margin (the lid's fold) and the one above that (under the brow). */
    crease: [130, ...FACE_MESH_REGIONS.rightEyeUpper1, 243],
    sulcus: [226, ...FACE_MESH_REGIONS.rightEyeUpper2, 244],
    irisCentre: 468,
    irisContour: [469, 470, 471, 472],
    surface: SURFACE.rightEye,
    lidSurface: SURFACE.rightUpperLid,
  },
  left: {
    upper: [263, ...FACE_MESH_REGIONS.leftEyeUpper0, 362],
    lower: FACE_MESH_REGIONS.leftEyeLower0,
    crease: [359, ...FACE_MESH_REGIONS.leftEyeUpper1, 463],
    sulcus: [446, ...FACE_MESH_REGIONS.leftEyeUpper2, 464],
    irisCentre: 473,
    irisContour: [474, 475, 476, 477],
    surface: SURFACE.leftEye,
    lidSurface: SURFACE.leftUpperLid,
  },
} as const;

export const SILHOUETTE = FACE_MESH_REGIONS.silhouette;
export const RING_COUNT = 2;
/** Where the rings sit between the silhouette (0) and the frame border (1). */
export const RING_FRACTIONS = [0.3, 0.62] as const;

export const MOUTH_CENTRE_VERTEX = RIG_POINT_COUNT;
export const RING_START = RIG_POINT_COUNT + 1;
export const BORDER_START = RING_START + RING_COUNT * SILHOUETTE.length;
export const WARP_VERTEX_COUNT = BORDER_START + SILHOUETTE.length;

export interface WarpTopology {
  triangles: Uint32Array;
  surfaces: Uint8Array;
  /** Index of the first surround triangle (the bands outside the face); they come last. */
  surroundStart: number;
}

let cached: WarpTopology | null = null;

export function warpTopology(): WarpTopology {
  if (cached) return cached;
  const triangles: number[] = [];
  const surfaces: number[] = [];
  const rightMargin = new Set<number>([...EYES.right.upper, ...EYES.right.lower]);
  const leftMargin = new Set<number>([...EYES.left.upper, ...EYES.left.lower]);
  const rightLid = new Set<number>([...EYES.right.upper, ...EYES.right.crease]);
  const leftLid = new Set<number>([...EYES.left.upper, ...EYES.left.crease]);
  for (let i = 0; i < FACE_MESH_TRIANGLES.length; i += 3) {
    const tri = [FACE_MESH_TRIANGLES[i]!, FACE_MESH_TRIANGLES[i + 1]!, FACE_MESH_TRIANGLES[i + 2]!];
    triangles.push(...tri);
    // Triangles spanning the lid margins fill the eye opening: the eye shader draws the eyeball
    // there. Those between the upper margin and the fold are the upper lid a blink unrolls.
    const surface = tri.every((v) => rightMargin.has(v))
      ? SURFACE.rightEye
      : tri.every((v) => leftMargin.has(v))
        ? SURFACE.leftEye
        : tri.every((v) => rightLid.has(v))
          ? SURFACE.rightUpperLid
          : tri.every((v) => leftLid.has(v))
            ? SURFACE.leftUpperLid
            : SURFACE.skin;
    surfaces.push(surface);
  }
  for (let i = 0; i < MOUTH_INNER_LOOP.length; i++) {
    triangles.push(MOUTH_CENTRE_VERTEX, MOUTH_INNER_LOOP[i]!, MOUTH_INNER_LOOP[(i + 1) % MOUTH_INNER_LOOP.length]!);
    surfaces.push(SURFACE.mouth);
  }
  const surroundStart = surfaces.length;
  const n = SILHOUETTE.length;
  const rows: number[][] = [
    [...SILHOUETTE],
    ...Array.from({ length: RING_COUNT }, (_, ring) => Array.from({ length: n }, (_, i) => RING_START + ring * n + i)),
    Array.from({ length: n }, (_, i) => BORDER_START + i),
  ];
  for (let r = 0; r + 1 < rows.length; r++) {
    const inner = rows[r]!;
    const outer = rows[r + 1]!;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      triangles.push(inner[i]!, outer[i]!, outer[j]!, inner[i]!, outer[j]!, inner[j]!);
      surfaces.push(SURFACE.surround, SURFACE.surround);
    }
  }
  cached = { triangles: Uint32Array.from(triangles), surfaces: Uint8Array.from(surfaces), surroundStart };
  return cached;
}
