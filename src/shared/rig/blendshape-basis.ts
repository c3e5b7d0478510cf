import { ARKIT_BLENDSHAPE_NAMES, BLENDSHAPE_COUNT, type ArkitBlendshapeName } from './arkit-names';
import { CANONICAL_FACE } from './canonical/canonical-face';
import { buildBrowShapes } from './shapes/brows';
import { buildCheekNoseShapes } from './shapes/cheeks-nose';
import { buildEyeShapes } from './shapes/eyes';
import { buildGazeShapes } from './shapes/gaze';
import { buildJawShapes } from './shapes/jaw';
import { buildLipShapes } from './shapes/mouth-lips';
import { buildMouthCornerShapes } from './shapes/mouth-corners';
import type { DisplacementField } from './shapes/region-tools';
import { FACE_MESH_TRIANGLES } from './topology/facemesh-topology';
import { mirrorField } from './topology/mirror';
import { RIG_POINT_COUNT } from './topology/rig-points';

/**
 * The rig's geometry as flat typed arrays, ready for a renderer (three.js morph targets take a
 * Float32Array position attribute per target) and for the fitter.
 */
export interface BlendshapeBasis {
  /** 478 (468 mesh points + 10 iris points) */
  readonly pointCount: number;
  /** neutral canonical positions, xyz per point (unit face width, y up, z towards the viewer) */
  readonly neutral: Float32Array;
  /** triangles of the 468-point mesh, three indices each */
  readonly triangles: Uint16Array;
  /** four-triangle fans over each iris (centre + contour), three indices each */
  readonly irisTriangles: Uint16Array;
  /** all 52 shapes' displacements back to back, in ARKIT_BLENDSHAPE_NAMES order: [shape][point][xyz] */
  readonly deltas: Float32Array;
  /** one shape's displacement (a view into `deltas`, xyz per point) */
  shapeDelta(name: ArkitBlendshapeName): Float32Array;
}

/** Every ARKit shape authored on the canonical face, Left shapes mirrored to Right. */
export function buildShapeFields(): Record<ArkitBlendshapeName, DisplacementField> {
  const authored: Partial<Record<ArkitBlendshapeName, DisplacementField>> = {
    ...buildBrowShapes(),
    ...buildEyeShapes(),
    ...buildGazeShapes(),
    ...buildCheekNoseShapes(),
    ...buildJawShapes(),
    ...buildMouthCornerShapes(),
    ...buildLipShapes(),
  };
  const fields = {} as Record<ArkitBlendshapeName, DisplacementField>;
  for (const name of ARKIT_BLENDSHAPE_NAMES) {
    const own = authored[name];
    if (own) {
      fields[name] = own;
      continue;
    }
    const twinName = name.endsWith('Right')
      ? name.slice(0, -5) + 'Left'
      : name === 'mouthRight'
        ? 'mouthLeft'
        : name === 'jawRight'
          ? 'jawLeft'
          : null;
    const twin = twinName ? authored[twinName as ArkitBlendshapeName] : undefined;
    if (!twin) throw new Error(`blendshape ${name} has no construction`);
    fields[name] = mirrorField(twin);
  }
  return fields;
}

let cached: BlendshapeBasis | null = null;

/** The rig's blendshape basis (built once, then cached; some tens of ms). */
export function getBlendshapeBasis(): BlendshapeBasis {
  if (cached) return cached;
  const fields = buildShapeFields();
  const size = RIG_POINT_COUNT * 3;
  const deltas = new Float32Array(BLENDSHAPE_COUNT * size);
  ARKIT_BLENDSHAPE_NAMES.forEach((name, k) => deltas.set(fields[name], k * size));
  const irisTriangles = new Uint16Array(24);
  [468, 473].forEach((centre, eye) => {
    for (let k = 0; k < 4; k++) {
      irisTriangles.set([centre, centre + 1 + k, centre + 1 + ((k + 1) % 4)], eye * 12 + k * 3);
    }
  });
  const names = new Map<string, number>(ARKIT_BLENDSHAPE_NAMES.map((n, k) => [n, k]));
  cached = {
    pointCount: RIG_POINT_COUNT,
    neutral: Float32Array.from(CANONICAL_FACE),
    triangles: Uint16Array.from(FACE_MESH_TRIANGLES),
    irisTriangles,
    deltas,
    shapeDelta: (name) => {
      const k = names.get(name) ?? -1;
      if (k < 0) throw new Error(`unknown blendshape ${name}`);
      return deltas.subarray(k * size, (k + 1) * size);
    },
  };
  return cached;
}
