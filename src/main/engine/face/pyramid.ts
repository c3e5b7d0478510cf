import type { RgbaImage } from './types';

/**
 * Successive 2x box-filtered halvings of an RGBA image, built lazily. Bilinear sampling alone
 * aliases when a crop shrinks the image by more than 2x (a 1500 px face into a 192 px crop), so the
 * warp samples from the level whose scale is closest to the crop's without going below it.
 */
export class ImagePyramid {
  private readonly levels: RgbaImage[];

  constructor(base: RgbaImage) {
    if (base.data.length < base.width * base.height * 4) {
      throw new Error(`RGBA buffer too short: ${base.data.length} bytes for ${base.width}x${base.height}`);
    }
    // Plain Uint8Array views only: a Buffer or Uint8ClampedArray here would make the warp's pixel
    // reads polymorphic, which costs V8 about 2x in the inner loop.
    const data = new Uint8Array(base.data.buffer, base.data.byteOffset, base.width * base.height * 4);
    this.levels = [{ data, width: base.width, height: base.height }];
  }

  get base(): RgbaImage {
    return this.levels[0]!;
  }

  /** Level for a crop that maps `sourcePixelsPerOutputPixel` source pixels onto one output pixel. */
  levelFor(sourcePixelsPerOutputPixel: number): { image: RgbaImage; scale: number } {
    let level = 0;
    let scale = 1;
    while (sourcePixelsPerOutputPixel >= scale * 4) {
      const next = this.level(level + 1);
      if (!next) break;
      level++;
      scale *= 2;
    }
    return { image: this.levels[level]!, scale };
  }

  private level(index: number): RgbaImage | null {
    while (this.levels.length <= index) {
      const previous = this.levels[this.levels.length - 1]!;
      if (previous.width < 4 || previous.height < 4) return null;
      this.levels.push(halve(previous));
    }
    return this.levels[index]!;
  }
}

function halve(source: RgbaImage): RgbaImage {
  const width = source.width >> 1;
  const height = source.height >> 1;
  const out = new Uint8Array(width * height * 4);
  const src = source.data;
  const stride = source.width * 4;
  for (let y = 0; y < height; y++) {
    const row0 = 2 * y * stride;
    const row1 = row0 + stride;
    for (let x = 0; x < width; x++) {
      const i0 = row0 + 8 * x;
      const i1 = row1 + 8 * x;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) {
        out[o + c] = (src[i0 + c]! + src[i0 + 4 + c]! + src[i1 + c]! + src[i1 + 4 + c]! + 2) >> 2;
      }
    }
  }
  return { data: out, width, height };
}
