/**
 * Anti-aliases occlusion edges after a head turn. Turning, the far cheek moves over the strip of
 * hair and background the face mesh's outline took in, the nose over the cheek, and the depth test
 * draws where one surface stops in front of another as a hard, stair-stepped edge (the raster takes
 * one triangle per pixel). Pixels where the drawn depth jumps between neighbours (by more than
 * `jump`, landmark z units) become the mean of their 3x3 neighbourhood: a one-pixel soft edge.
 * Without a turn the warp is continuous and nothing jumps.
 */
export function softenOcclusionEdges(
  frame: Uint8ClampedArray,
  depth: Float32Array,
  width: number,
  height: number,
  jump: number,
): void {
  const marked = new Uint8Array(width * height);
  const pixels: number[] = [];
  const mark = (index: number) => {
    if (marked[index]) return;
    marked[index] = 1;
    pixels.push(index);
  };
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const index = y * width + x;
      const z = depth[index]!;
      if (z === Infinity) continue;
      const right = depth[index + 1]!;
      const down = depth[index + width]!;
      if (right !== Infinity && Math.abs(right - z) > jump) {
        mark(index);
        mark(index + 1);
      }
      if (down !== Infinity && Math.abs(down - z) > jump) {
        mark(index);
        mark(index + width);
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
    frame[index * 4] = means[i * 3]!;
    frame[index * 4 + 1] = means[i * 3 + 1]!;
    frame[index * 4 + 2] = means[i * 3 + 2]!;
  }
}
