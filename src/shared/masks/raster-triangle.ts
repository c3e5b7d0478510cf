/**
 * Visits the pixel centres (x + 0.5, y + 0.5) of a width x height grid that lie inside the triangle
 * a, b, c, with their barycentric weights. Pixels on a shared edge are visited by both triangles
 * (callers that care keep the first or the nearest).
 */
export function rasterTriangle(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  width: number,
  height: number,
  visit: (index: number, wa: number, wb: number, wc: number) => void,
): void {
  const det = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  if (Math.abs(det) < 1e-12 || !Number.isFinite(det)) return;
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx) - 0.5));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(ax, bx, cx) - 0.5));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by, cy) - 0.5));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(ay, by, cy) - 0.5));
  const eps = -1e-7;
  for (let y = y0; y <= y1; y++) {
    const py = y + 0.5;
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5;
      const wb = ((px - ax) * (cy - ay) - (py - ay) * (cx - ax)) / det;
      const wc = ((bx - ax) * (py - ay) - (by - ay) * (px - ax)) / det;
      const wa = 1 - wb - wc;
      if (wa < eps || wb < eps || wc < eps) continue;
      visit(y * width + x, wa, wb, wc);
    }
  }
}
