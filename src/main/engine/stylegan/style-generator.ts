import type { SynthesisContract } from '../../../shared/api';
import {
  styleGeneratorInfo,
  styleLayerId,
  type LayerMix,
  type RenderSize,
  type RenderTarget,
} from '../../../shared/generate';
import * as ort from 'onnxruntime-node';
import {
  layerAlpha,
  pasteBack,
  type AsyncGenerator,
  type GeneratorMasks,
  type GeneratorSource,
  type RenderedFrame,
  type RgbaFrame,
} from '../generate/tasks';
import { alignmentTransform, faceOutline } from './alignment';
import { pasteMaskAlpha, type PasteMask } from './paste-mask';
import { resizedPhoto } from './style-source';
import { tensorToRgba } from './style-images';

/** The two inversions a transfer mixes: appearance (alpha 0) and expression (alpha 1), each [1, L, 512]. */
export interface StyleInputs {
  appearance: Float32Array;
  expression: Float32Array;
}

export interface StylePrepared {
  image: RgbaFrame;
  landmarks: Float32Array;
  /** Photo pixel -> aligned pixel. */
  photoToAligned: ReturnType<typeof alignmentTransform>;
  outline: Float32Array;
  /** Preview-size copies of the photo by width, so a slider drag does not resize the photo each frame. */
  resized: Map<number, RgbaFrame>;
  styles: StyleInputs | null;
}

/** The generator masks plus the style backend's own: where the result may be pasted. */
export type StyleMasks = GeneratorMasks & { paste?: PasteMask };

/** What the style backend uses of a source: the photo and its landmarks (no rig fit). */
export type StyleGeneratorSource = Pick<GeneratorSource, 'key' | 'image' | 'landmarks'>;

export interface StyleGenerator extends AsyncGenerator<StylePrepared> {
  prepare(source: StyleGeneratorSource): Promise<StylePrepared>;
  /** The rig target is not used (the expression comes from the expression photo's styles): null is fine. */
  render(
    prepared: StylePrepared,
    target: RenderTarget | null,
    mix: LayerMix,
    masks: StyleMasks,
    size: RenderSize,
  ): Promise<RenderedFrame>;
  /** The aligned square of the mixed styles, before the paste-back. */
  synthesise(prepared: StylePrepared, mix: LayerMix): Promise<RgbaFrame>;
}

/** Per-layer mix of two W+ codes: ws[i] = alpha_i · expression[i] + (1 − alpha_i) · appearance[i]. */
export function mixStyles(styles: StyleInputs, alphas: ArrayLike<number>): Float32Array {
  const mixed = new Float32Array(styles.appearance.length);
  const width = styles.appearance.length / alphas.length;
  for (let i = 0; i < alphas.length; i++) {
    const alpha = alphas[i]!;
    for (let k = i * width; k < (i + 1) * width; k++) {
      mixed[k] = alpha * styles.expression[k]! + (1 - alpha) * styles.appearance[k]!;
    }
  }
  return mixed;
}

/** The soft edge of the paste-back: a tenth of the face oval's width. */
function featherOf(outline: Float32Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < outline.length; i += 2) {
    min = Math.min(min, outline[i]!);
    max = Math.max(max, outline[i]!);
  }
  return Math.max(1, (max - min) * 0.1);
}

/**
 * Method A's generator (docs/stylegan.md), behind the generator interface: prepare aligns the photo
 * to the model's template; render synthesises the per-layer mix of the two inversions' styles and
 * pastes it back into the photo (feathered face oval, colour continuity). The rig target is not
 * used: the expression comes from the expression photo's styles. A 'preview' size renders the
 * whole photo scaled to maxSide; 'full' at the photo's own size.
 */
export function styleGenerator(
  synthesisId: string,
  contract: SynthesisContract,
  session: ort.InferenceSession,
): StyleGenerator {
  const info = styleGeneratorInfo(synthesisId, contract);
  const r = contract.resolution;
  const synthesise = async (prepared: StylePrepared, mix: LayerMix): Promise<RgbaFrame> => {
    if (!prepared.styles) throw new Error('the style generator needs two inversions to mix');
    const alphas = contract.layers.map((_, i) => layerAlpha(info, mix, styleLayerId(i)));
    const ws = mixStyles(prepared.styles, alphas);
    const out = await session.run({
      [session.inputNames[0]!]: new ort.Tensor('float32', ws, [1, contract.numWs, 512]),
    });
    return tensorToRgba((out[session.outputNames[0]!] as ort.Tensor).data as Float32Array, r, r);
  };
  return {
    ...info,
    synthesise,
    async prepare(source: StyleGeneratorSource): Promise<StylePrepared> {
      return {
        image: source.image,
        landmarks: source.landmarks,
        photoToAligned: alignmentTransform(source.landmarks, contract.alignment, r),
        outline: faceOutline(source.landmarks),
        resized: new Map(),
        styles: null,
      };
    },
    async render(
      prepared: StylePrepared,
      _target: RenderTarget | null,
      mix: LayerMix,
      masks: StyleMasks,
      size: RenderSize,
    ): Promise<RenderedFrame> {
      const aligned = await synthesise(prepared, mix);
      const { image } = prepared;
      const k = size.kind === 'full' ? 1 : Math.min(1, size.maxSide / Math.max(image.width, image.height));
      let photo = image;
      if (k < 1) {
        const width = Math.max(1, Math.round(image.width * k));
        photo = prepared.resized.get(width) ?? (await resizedPhoto(image, width));
        prepared.resized.set(width, photo);
      }
      const scale = photo.width / image.width;
      const pasted = pasteBack({
        photo,
        patch: aligned,
        // photo-at-scale pixel -> original pixel -> aligned pixel
        photoToPatch: composeScale(prepared.photoToAligned, 1 / scale),
        polygon: prepared.outline.map((v) => v * scale),
        feather: featherOf(prepared.outline) * scale,
        ...(masks.paste ? { alpha: pasteMaskAlpha(masks.paste, scale) } : {}),
      });
      return {
        image: pasted,
        report: {
          generatorId: info.id,
          width: pasted.width,
          height: pasted.height,
          region: { x: 0, y: 0, width: image.width, height: image.height },
          scale,
          capped: [],
        },
      };
    },
  };
}

/** T ∘ (x ↦ s·x): the similarity applied to points first scaled by s. */
function composeScale(t: ReturnType<typeof alignmentTransform>, s: number): ReturnType<typeof alignmentTransform> {
  return { a: t.a * s, b: t.b * s, tx: t.tx, ty: t.ty };
}
