/**
 * Finds the triangles of a 2D mesh that contain a point, with barycentric weights, through a
 * uniform grid of buckets (a mesh of ~1200 triangles answers in a few dozen tests, not 1200).
 */

export interface TriangleHit {
  triangle: number;
  /** Barycentric weights of the triangle's three vertices (sum 1). */
  weights: [number, number, number];
}

/** Points on an edge (or a hair outside, from rounding) still count as inside. */
const EDGE_TOLERANCE = 1e-6;

export class TriangleLocator {
  private readonly x0: number;
  private readonly y0: number;
  private readonly cellW: number;
  private readonly cellH: number;
  private readonly buckets: number[][];

  constructor(
    /** x, y of each vertex at `stride` numbers per vertex. */
    private readonly positions: ArrayLike<number>,
    private readonly stride: number,
    readonly triangles: Uint32Array,
    private readonly gridSide = 32,
  ) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let t = 0; t < triangles.length; t++) {
      const x = positions[triangles[t]! * stride]!;
      const y = positions[triangles[t]! * stride + 1]!;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    this.x0 = x0;
    this.y0 = y0;
    this.cellW = Math.max(1e-9, (x1 - x0) / gridSide);
    this.cellH = Math.max(1e-9, (y1 - y0) / gridSide);
    this.buckets = Array.from({ length: gridSide * gridSide }, () => []);
    for (let t = 0; t < triangles.length / 3; t++) {
      const [bx0, by0, bx1, by1] = this.boundsOf(t);
      for (let gy = this.cellY(by0); gy <= this.cellY(by1); gy++) {
        for (let gx = this.cellX(bx0); gx <= this.cellX(bx1); gx++) this.buckets[gy * gridSide + gx]!.push(t);
      }
    }
  }

  /** x0, y0, x1, y1 of triangle t. */
  boundsOf(t: number): [number, number, number, number] {
    const { positions: p, stride: s, triangles: tri } = this;
    const xs = [p[tri[t * 3]! * s]!, p[tri[t * 3 + 1]! * s]!, p[tri[t * 3 + 2]! * s]!];
    const ys = [p[tri[t * 3]! * s + 1]!, p[tri[t * 3 + 1]! * s + 1]!, p[tri[t * 3 + 2]! * s + 1]!];
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  }

  private cellX(x: number): number {
    return Math.min(this.gridSide - 1, Math.max(0, Math.floor((x - this.x0) / this.cellW)));
  }

  private cellY(y: number): number {
    return Math.min(this.gridSide - 1, Math.max(0, Math.floor((y - this.y0) / this.cellH)));
  }

  /** Barycentric weights of (x, y) in triangle t, or null when the point is outside it (or it is degenerate). */
  weightsIn(t: number, x: number, y: number): [number, number, number] | null {
    const { positions: p, stride: s, triangles: tri } = this;
    const a = tri[t * 3]! * s;
    const b = tri[t * 3 + 1]! * s;
    const c = tri[t * 3 + 2]! * s;
    const ax = p[a]!;
    const ay = p[a + 1]!;
    const v0x = p[b]! - ax;
    const v0y = p[b + 1]! - ay;
    const v1x = p[c]! - ax;
    const v1y = p[c + 1]! - ay;
    const det = v0x * v1y - v0y * v1x;
    if (Math.abs(det) < 1e-12) return null;
    const px = x - ax;
    const py = y - ay;
    const wb = (px * v1y - py * v1x) / det;
    const wc = (v0x * py - v0y * px) / det;
    const wa = 1 - wb - wc;
    if (wa < -EDGE_TOLERANCE || wb < -EDGE_TOLERANCE || wc < -EDGE_TOLERANCE) return null;
    return [wa, wb, wc];
  }

  /** Every triangle containing (x, y). */
  hits(x: number, y: number): TriangleHit[] {
    const gx = Math.floor((x - this.x0) / this.cellW);
    const gy = Math.floor((y - this.y0) / this.cellH);
    // A point on the grid's far edge belongs to the last cell; beyond that nothing can hold it.
    if (gx < 0 || gy < 0 || gx > this.gridSide || gy > this.gridSide) return [];
    const bucket = this.buckets[Math.min(gy, this.gridSide - 1) * this.gridSide + Math.min(gx, this.gridSide - 1)]!;
    const found: TriangleHit[] = [];
    for (const t of bucket) {
      const weights = this.weightsIn(t, x, y);
      if (weights) found.push({ triangle: t, weights });
    }
    return found;
  }
}
