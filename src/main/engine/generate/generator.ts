import type {
  ExpressionTransfer,
  GeneratorInfo,
  LayerMix,
  RenderReport,
  RenderSize,
  RenderTarget,
} from '../../../shared/generate';
import type { HeadPose } from '../../../shared/rig';

/**
 * The generator backend interface. Preview frames, full-resolution renders, exports and the CLI all
 * render through one backend and one implementation (docs/generator.md). A backend runs inside an
 * engine worker: prepare() once per source (decode, colour sampling, pyramids), then render() per
 * frame from the prepared data, which the worker keeps warm between frames.
 */

/** An RGBA image, 4 bytes a pixel, rows top to bottom. */
export interface RgbaFrame {
  data: Uint8Array;
  width: number;
  height: number;
}

/** The photo's face as the pipeline fitted it, in pixels of `image` (the upright original). */
export interface GeneratorSource {
  /** Identifies what was prepared (asset, photo, analysis and fit): a new key means prepare again. */
  key: string;
  image: RgbaFrame;
  /** 478 x, y, z landmarks of the chosen face (facemesh convention: z in pixels, smaller = nearer). */
  landmarks: Float32Array;
  /** The rig fitted to those landmarks: where the model lands, the photo's expression, the person's neutral. */
  fit: {
    pose: HeadPose;
    /** 52 values, ARKit order */
    coefficients: Float32Array;
    /** 478 x, y, z in canonical units: the person's neutral (identity modes + detail) */
    neutral: Float32Array;
  };
}

/**
 * Per-pixel masks over the original photo (1 byte a pixel, its width and height): 255 keeps the
 * photo's own pixel there, 0 lets the generator's pixel through. Null: no mask.
 */
export interface GeneratorMasks {
  keepOriginal: { data: Uint8Array; width: number; height: number } | null;
  /**
   * Layer id -> per-vertex weight (0..1) multiplying that layer's alpha, over the face mesh's points
   * (from the layer's painted mask, src/shared/masks); layers without one weigh 1 everywhere.
   */
  layerVertexWeights?: Readonly<Record<string, Float32Array>>;
}

export const NO_MASKS: GeneratorMasks = { keepOriginal: null };

export interface RenderedFrame {
  image: RgbaFrame;
  report: Omit<RenderReport, 'renderMs'>;
}

export interface Generator<Prepared> extends GeneratorInfo {
  /** Heavy, once per source: everything render() can reuse between frames. */
  prepare(source: GeneratorSource): Prepared;
  /**
   * One frame of the source towards the target rig state (the appearance state), each layer mixed
   * towards the expression source by its alpha when there is one. Must not keep references to `target`.
   */
  render(
    prepared: Prepared,
    target: RenderTarget,
    mix: LayerMix,
    masks: GeneratorMasks,
    size: RenderSize,
    expression?: ExpressionTransfer | null,
    /**
     * The expression source photo, prepared like a portrait: its open mouth's interior replaces the
     * painted one, and its wrinkles are the expression detail layer's.
     */
    mouthDonor?: Prepared | null,
  ): RenderedFrame;
}

/** The alpha a mix gives a layer (its default when the mix does not name it). */
export function layerAlpha(info: GeneratorInfo, mix: LayerMix, layerId: string): number {
  const given = mix[layerId];
  if (given !== undefined) return Math.min(1, Math.max(0, given));
  return info.layers.find((layer) => layer.id === layerId)?.defaultAlpha ?? 1;
}

/**
 * The same backend contract for a generator that runs a network per frame (the style-based one,
 * docs/stylegan.md): prepare and render answer with promises. The warp stays synchronous.
 */
export interface AsyncGenerator<Prepared> extends GeneratorInfo {
  prepare(source: GeneratorSource): Promise<Prepared>;
  render(
    prepared: Prepared,
    target: RenderTarget,
    mix: LayerMix,
    masks: GeneratorMasks,
    size: RenderSize,
  ): Promise<RenderedFrame>;
}
