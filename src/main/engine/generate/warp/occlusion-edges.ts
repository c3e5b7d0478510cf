/** A box of frame pixels (inclusive). */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Anti-aliases occlusion edges after a head turn. Turning, the far cheek moves over the strip of
 * hair and background the face mesh's outline took in, the nose over the cheek, and the depth test
 * draws where one surface stops in front of another as a hard, stair-stepped edge (the raster takes
 * one triangle per pixel). Pixels where the drawn depth steps (its second difference across them over
 * `jump`, landmark z units) become the mean of their 3x3 neighbourhood: a one-pixel soft edge.
 * Without a turn the warp is continuous and nothing jumps.
 */
export function softenOcclusionEdges(
  frame: Uint8ClampedArray,
  depth: Float32Array,
  width: number,
  height: number,
  jump: number,
  /** The face's box in the frame (its mesh points' extent, a little wider): occlusions are on the face. */
  face: PixelBox,
  /**
   * Boxes whose steps stay sharp: the eyes with their lids and the mouth, where a closing lid over
   * the eye or the lips over the teeth are drawn edges (softened, a shut eye reads as opening).
   */
  keep: readonly PixelBox[],
  /** How far towards the mean (0-1): a softening that grows with the turn never pops on or off. */
  strength = 1,
): void {
  if (strength <= 0) return;
  const marked = new Uint8Array(width * height);
  const pixels: number[] = [];
  const mark = (index: number) => {
    if (marked[index]) return;
    const x = index % width;
    const y = (index - x) / width;
    for (const box of keep) if (x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1) return;
    marked[index] = 1;
    pixels.push(index);
  };
  const [x0, x1] = [Math.max(1, Math.floor(face.x0)), Math.min(width - 2, Math.ceil(face.x1))];
  const [y0, y1] = [Math.max(1, Math.floor(face.y0)), Math.min(height - 2, Math.ceil(face.y1))];
  // A step, not a slope: the depth's second difference across the pixel. A steep but continuous
  // surface (a cheek's side, the rings around the face) changes evenly from pixel to pixel; an
  // occluding edge jumps once.
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const index = y * width + x;
      const z = depth[index]!;
      if (z === Infinity) continue;
      const left = depth[index - 1]!;
      const right = depth[index + 1]!;
      const up = depth[index - width]!;
      const down = depth[index + width]!;
      if (left !== Infinity && right !== Infinity && Math.abs(left + right - 2 * z) > jump) {
        mark(index);
        mark(Math.abs(right - z) > Math.abs(left - z) ? index + 1 : index - 1);
      }
      if (up !== Infinity && down !== Infinity && Math.abs(up + down - 2 * z) > jump) {
        mark(index);
        mark(Math.abs(down - z) > Math.abs(up - z) ? index + width : index - width);
      }
    }
  }
  if (pixels.length === 0) return;
  // Means from the unsoftened frame, written after: a pixel's neighbours are never already blurred.
  const means = new Uint8ClampedArray(pixels.length * 3);
  for (let i = 0; i < pixels.length; i++) {
    const index = pixels[i]!;
    if (index < width || index >= (height - 1) * width) continue;
    let r = 0;
    let g = 0;
    let b = 0;
    for (let j = -1; j <= 1; j++) {
      for (let k = -1; k <= 1; k++) {
        const o = (index + j * width + k) * 4;
        r += frame[o]!;
        g += frame[o + 1]!;
        b += frame[o + 2]!;
      }
    }
    means[i * 3] = r / 9;
    means[i * 3 + 1] = g / 9;
    means[i * 3 + 2] = b / 9;
  }
  for (let i = 0; i < pixels.length; i++) {
    const index = pixels[i]!;
    if (index < width || index >= (height - 1) * width) continue;
    for (let c = 0; c < 3; c++) {
      const o = index * 4 + c;
      frame[o] = frame[o]! + (means[i * 3 + c]! - frame[o]!) * strength;
    }
  }
}
