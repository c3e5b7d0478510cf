import {
  applyStrokeToAtlas,
  atlasPixelsOnPhoto,
  cloneGrey,
  greyImage,
  mapFaceAtlas,
  maskOnPhoto,
  paintValue,
  photoRasterAtlasUvs,
  photoRasterOf,
  stampSegment,
  unionBounds,
  type BrushSettings,
  type GreyImage,
  type PhotoRaster,
  type PixelBounds,
} from '../../shared/masks';

/** The tint a mask shows with over the photo, and its strength where the mask is full. */
const TINT = [255, 64, 150] as const;
const TINT_ALPHA = 0.55;
/** Long side of the overlay raster: finer than the 512 px atlas over any face, cheap to redraw. */
export const OVERLAY_MAX_SIDE = 1024;

interface Stroke {
  brush: BrushSettings;
  radius: number;
  last: readonly [number, number];
  dirty: PixelBounds | null;
}

/**
 * The painting surface of one face: the mask shown on the photo (a raster over the part of the
 * photo the atlas covers, tinted RGBA pixels ready for a canvas) and the stroke being drawn. While
 * the pointer moves only the stroke's own coverage is drawn (its distance field, so it is smooth
 * and never builds up) and only the changed rectangle is recoloured; when the stroke ends it is
 * carried into the atlas once, and the shown mask is read back from the atlas, so what the user
 * sees is what is stored.
 */
export class MaskSurface {
  readonly raster: PhotoRaster;
  /** RGBA, raster.width x raster.height: the tinted mask (put on a canvas with ImageData). */
  readonly pixels: Uint8ClampedArray<ArrayBuffer>;
  private readonly rasterUvs: Float32Array;
  private readonly atlasOnPhoto: Float32Array;
  private readonly shown: Uint8Array;
  private readonly coverage: GreyImage;
  private stroke: Stroke | null = null;
  private atlasPixels: GreyImage;

  constructor(landmarks: ArrayLike<number>, imageWidth: number, imageHeight: number, atlas: GreyImage) {
    const mapping = mapFaceAtlas(landmarks);
    this.raster = photoRasterOf(mapping, imageWidth, imageHeight, OVERLAY_MAX_SIDE);
    this.rasterUvs = photoRasterAtlasUvs(mapping, this.raster);
    this.atlasOnPhoto = atlasPixelsOnPhoto(mapping, atlas.width);
    this.shown = new Uint8Array(this.raster.width * this.raster.height);
    this.coverage = greyImage(this.raster.width, this.raster.height);
    this.pixels = new Uint8ClampedArray(this.raster.width * this.raster.height * 4);
    this.atlasPixels = atlas;
    this.refresh();
  }

  get atlas(): GreyImage {
    return this.atlasPixels;
  }

  /** Shows another mask (loaded, undone, filled...). */
  setAtlas(atlas: GreyImage): void {
    this.atlasPixels = atlas;
    this.stroke = null;
    this.coverage.data.fill(0);
    this.refresh();
  }

  /** Photo pixel position -> raster position. */
  toRaster(x: number, y: number): [number, number] {
    return [(x - this.raster.x) * this.raster.scale, (y - this.raster.y) * this.raster.scale];
  }

  get painting(): boolean {
    return this.stroke !== null;
  }

  /** Starts a stroke at a photo position; returns the raster rectangle to redraw. */
  beginStroke(x: number, y: number, brush: BrushSettings): PixelBounds | null {
    const at = this.toRaster(x, y);
    this.coverage.data.fill(0);
    this.stroke = { brush, radius: Math.max(0.5, (brush.size / 2) * this.raster.scale), last: at, dirty: null };
    return this.extendTo(at);
  }

  /** Continues the stroke to a photo position. */
  extendStroke(x: number, y: number): PixelBounds | null {
    return this.stroke ? this.extendTo(this.toRaster(x, y)) : null;
  }

  private extendTo(at: readonly [number, number]): PixelBounds | null {
    const stroke = this.stroke!;
    const bounds = stampSegment(this.coverage, stroke.last, at, stroke.radius, stroke.brush.hardness);
    stroke.last = at;
    stroke.dirty = unionBounds(stroke.dirty, bounds);
    if (bounds) this.colour(bounds);
    return bounds;
  }

  /**
   * Ends the stroke: carries it into the atlas. Returns the atlas before the stroke when it changed
   * anything (for undo), else null.
   */
  endStroke(): GreyImage | null {
    const stroke = this.stroke;
    this.stroke = null;
    if (!stroke) return null;
    const before = cloneGrey(this.atlasPixels);
    const changed = applyStrokeToAtlas(
      this.atlasPixels,
      this.atlasOnPhoto,
      this.coverage,
      this.raster,
      stroke.brush.tool,
      stroke.brush.opacity,
    );
    this.coverage.data.fill(0);
    this.refresh();
    return changed ? before : null;
  }

  /** Drops the stroke being drawn (pointer cancelled). */
  cancelStroke(): void {
    this.stroke = null;
    this.coverage.data.fill(0);
    this.refresh();
  }

  /** The shown mask value (0..255) at a photo position: what the user sees there. */
  shownAt(x: number, y: number): number {
    const [rx, ry] = this.toRaster(x, y);
    const i = Math.floor(ry) * this.raster.width + Math.floor(rx);
    return i >= 0 && i < this.shown.length ? this.shown[i]! : 0;
  }

  private refresh(): void {
    maskOnPhoto(this.atlasPixels, this.rasterUvs, this.shown);
    this.colour({ x0: 0, y0: 0, x1: this.raster.width, y1: this.raster.height });
  }

  private colour(bounds: PixelBounds): void {
    const { width } = this.raster;
    const stroke = this.stroke;
    for (let y = bounds.y0; y < bounds.y1; y++) {
      for (let x = bounds.x0; x < bounds.x1; x++) {
        const i = y * width + x;
        let value = this.shown[i]!;
        // Off the atlas nothing can be painted: the stroke does not show there either.
        if (stroke && !Number.isNaN(this.rasterUvs[i * 2]!) && this.coverage.data[i]! > 0) {
          value = paintValue(value, this.coverage.data[i]!, stroke.brush.tool, stroke.brush.opacity);
        }
        const p = i * 4;
        this.pixels[p] = TINT[0];
        this.pixels[p + 1] = TINT[1];
        this.pixels[p + 2] = TINT[2];
        this.pixels[p + 3] = Math.round(value * TINT_ALPHA);
      }
    }
  }
}
