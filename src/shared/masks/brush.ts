import type { GreyImage, PixelBounds } from './grey-image';
import { sampleGrey } from './grey-image';
import type { PhotoRaster } from './face-atlas';

/** Brush adds to the mask (towards 255: the layer applies), eraser takes away (towards 0). */
export type MaskTool = 'brush' | 'eraser';

export interface BrushSettings {
  tool: MaskTool;
  /** Diameter in photo pixels (the working image the viewer shows). */
  size: number;
  /** Share of the radius painted at full strength; the rest fades out smoothly. 0..1. */
  hardness: number;
  /** Most a single stroke changes the mask (overlapping parts of one stroke do not build up). 0..1. */
  opacity: number;
}

export const BRUSH_SIZE_RANGE = { min: 2, max: 1000 } as const;
export const DEFAULT_BRUSH: BrushSettings = { tool: 'brush', size: 40, hardness: 0.6, opacity: 1 };

/** `[` and `]` change the size by this factor (and at least one pixel). */
export const BRUSH_SIZE_STEP = 1.25;

export const clampBrushSize = (size: number): number =>
  Math.min(BRUSH_SIZE_RANGE.max, Math.max(BRUSH_SIZE_RANGE.min, Math.round(size)));

export function steppedBrushSize(size: number, direction: 1 | -1): number {
  const next = direction > 0 ? Math.max(size + 1, size * BRUSH_SIZE_STEP) : Math.min(size - 1, size / BRUSH_SIZE_STEP);
  return clampBrushSize(next);
}

/** Strength 0..1 of the brush at `distance` from its centre. */
export function brushFalloff(distance: number, radius: number, hardness: number): number {
  if (distance >= radius) return 0;
  const core = radius * Math.min(1, Math.max(0, hardness));
  if (distance <= core) return 1;
  const t = (distance - core) / (radius - core);
  // Smoothstep from 1 to 0: no visible ring where the core ends.
  return 1 - t * t * (3 - 2 * t);
}

/**
 * Adds the capsule from a to b (pixel coordinates of `coverage`, pixel centres at +0.5) to a stroke's
 * coverage, keeping the larger value where they overlap: a stroke is its distance field, so it is
 * smooth however far apart the pointer events are and never builds up where it crosses itself.
 * Returns the pixels it touched, or null.
 */
export function stampSegment(
  coverage: GreyImage,
  a: readonly [number, number],
  b: readonly [number, number],
  radius: number,
  hardness: number,
): PixelBounds | null {
  const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - radius));
  const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - radius));
  const x1 = Math.min(coverage.width, Math.ceil(Math.max(a[0], b[0]) + radius));
  const y1 = Math.min(coverage.height, Math.ceil(Math.max(a[1], b[1]) + radius));
  if (x0 >= x1 || y0 >= y1 || radius <= 0) return null;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSquared = dx * dx + dy * dy;
  for (let y = y0; y < y1; y++) {
    const py = y + 0.5;
    for (let x = x0; x < x1; x++) {
      const px = x + 0.5;
      const t = lengthSquared > 0 ? Math.min(1, Math.max(0, ((px - a[0]) * dx + (py - a[1]) * dy) / lengthSquared)) : 0;
      const distance = Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
      const value = Math.round(255 * brushFalloff(distance, radius, hardness));
      const i = y * coverage.width + x;
      if (value > coverage.data[i]!) coverage.data[i] = value;
    }
  }
  return { x0, y0, x1, y1 };
}

/** A mask value after a stroke of coverage `coverage` (0..255) with `tool` and `opacity`. */
export function paintValue(mask: number, coverage: number, tool: MaskTool, opacity: number): number {
  const strength = (coverage / 255) * opacity;
  return Math.round(tool === 'brush' ? mask + (255 - mask) * strength : mask * (1 - strength));
}

/**
 * Carries a finished stroke into the atlas: every atlas pixel looks up its photo position
 * (`atlasOnPhoto`, from atlasPixelsOnPhoto) in the stroke's coverage, drawn on `raster`. Returns the
 * atlas pixels that changed (null: none).
 */
export function applyStrokeToAtlas(
  atlas: GreyImage,
  atlasOnPhoto: Float32Array,
  coverage: GreyImage,
  raster: PhotoRaster,
  tool: MaskTool,
  opacity: number,
): PixelBounds | null {
  let bounds: PixelBounds | null = null;
  const { width, height } = coverage;
  for (let i = 0; i < atlas.data.length; i++) {
    const px = atlasOnPhoto[i * 2]!;
    if (Number.isNaN(px)) continue;
    const x = (px - raster.x) * raster.scale;
    const y = (atlasOnPhoto[i * 2 + 1]! - raster.y) * raster.scale;
    if (x < 0 || y < 0 || x > width || y > height) continue;
    const c = sampleGrey(coverage, x, y);
    if (c <= 0) continue;
    const before = atlas.data[i]!;
    const after = paintValue(before, c, tool, opacity);
    if (after === before) continue;
    atlas.data[i] = after;
    const ax = i % atlas.width;
    const ay = (i - ax) / atlas.width;
    bounds = bounds
      ? {
          x0: Math.min(bounds.x0, ax),
          y0: Math.min(bounds.y0, ay),
          x1: Math.max(bounds.x1, ax + 1),
          y1: Math.max(bounds.y1, ay + 1),
        }
      : { x0: ax, y0: ay, x1: ax + 1, y1: ay + 1 };
  }
  return bounds;
}
