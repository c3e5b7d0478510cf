import { getBlendshapeBasis } from '../../src/shared/rig/blendshape-basis';

/**
 * Flat-shaded SVG views of rig meshes for the offline visual checks (render-shapes.ts,
 * render-fit.ts): triangles sorted back to front (painter's algorithm; the face mesh is nearly
 * convex from the front, so no z-buffer is needed), Lambert-shaded, tinted red by displacement.
 */

export type MeshView = 'front' | 'side';

export interface MeshFrame {
  /** pixels per model unit */
  scale: number;
  /** model point shown at the view's centre */
  centreX: number;
  centreY: number;
}

/** The whole face in a square view of side `size` pixels. */
export const wholeFace = (size: number): MeshFrame => ({ scale: size * 0.72, centreX: 0, centreY: -0.01 });

export interface MeshSvgOptions {
  /** side of the square view in pixels */
  size: number;
  view: MeshView;
  /** x of the view inside the parent SVG */
  offsetX?: number;
  offsetY?: number;
  frame?: MeshFrame;
  /** per point displacement length; tints triangles red up to 0.04 face widths */
  moved?: ArrayLike<number>;
}

/** One view of model-frame points (478 x xyz) as a nested <svg> clipped to its square. */
export function meshViewSvg(points: ArrayLike<number>, options: MeshSvgOptions): string {
  const basis = getBlendshapeBasis();
  const { size, view } = options;
  const frame = options.frame ?? wholeFace(size);
  const moved = options.moved;
  const project = (i: number): [number, number, number] => {
    const x = points[i * 3]!;
    const y = points[i * 3 + 1]!;
    const z = points[i * 3 + 2]!;
    // Side view looks at the subject's left cheek (face pointing right), so Left shapes show in it.
    return view === 'front' ? [x, y, z] : [z, y, x];
  };
  const scale = frame.scale;
  const cx = size / 2 - frame.centreX * scale;
  const cy = size / 2 + frame.centreY * scale;
  const tris: { depth: number; d: string; fill: string }[] = [];
  const all = [...basis.triangles, ...basis.irisTriangles];
  for (let t = 0; t < all.length; t += 3) {
    const [a, b, c] = [all[t]!, all[t + 1]!, all[t + 2]!];
    const pa = project(a);
    const pb = project(b);
    const pc = project(c);
    const ux = pb[0] - pa[0], uy = pb[1] - pa[1], uz = pb[2] - pa[2]; // prettier-ignore
    const vx = pc[0] - pa[0], vy = pc[1] - pa[1], vz = pc[2] - pa[2]; // prettier-ignore
    let nx = uy * vz - uz * vy;
    let ny = uz * vx - ux * vz;
    let nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz) || 1;
    nx /= len;
    ny /= len;
    nz /= len;
    const light = Math.abs(0.25 * nx + 0.35 * ny + 0.9 * nz) / Math.hypot(0.25, 0.35, 0.9);
    const iris = a >= 468;
    const m = moved ? Math.min(1, (moved[a]! + moved[b]! + moved[c]!) / 3 / 0.04) : 0;
    const shade = 70 + 170 * light;
    const r = iris ? 40 : Math.round(shade * (1 - m) + 235 * m * (0.6 + 0.4 * light));
    const g = iris ? 90 : Math.round(shade * (1 - m) + 60 * m * light);
    const bl = iris ? 160 : Math.round(shade * (1 - m) + 50 * m * light);
    const pts = [pa, pb, pc]
      .map((p) => `${(cx + p[0] * scale).toFixed(1)},${(cy - p[1] * scale).toFixed(1)}`)
      .join(' ');
    // The iris sits behind the lid margin and the sort is per triangle, so from the front it is
    // drawn last (there is no eyeball to hide it behind).
    tris.push({ depth: (pa[2] + pb[2] + pc[2]) / 3 + (iris && view === 'front' ? 1 : 0), d: pts, fill: `rgb(${r},${g},${bl})` }); // prettier-ignore
  }
  tris.sort((p, q) => p.depth - q.depth);
  return (
    `<svg x="${options.offsetX ?? 0}" y="${options.offsetY ?? 0}" width="${size}" height="${size + 16}">` +
    tris
      .map((t) => `<polygon points="${t.d}" fill="${t.fill}" stroke="rgba(20,20,20,0.35)" stroke-width="0.4"/>`)
      .join('') +
    '</svg>'
  );
}
