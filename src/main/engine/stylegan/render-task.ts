import sharp from 'sharp';
import type { SynthesisContract, TransferOutput } from '../../../shared/api';
import type { LayerMix } from '../../../shared/generate';
import type { TaskReturn } from '../workers';
import { sessionFor, type StyleModelRef } from './model-sessions';
import type { PasteMask } from './paste-mask';
import { styleGenerator, type StyleInputs, type StylePrepared } from './style-generator';
import { resizedPhoto, stylePhoto, type StyleSourceSpec } from './style-source';

export interface StyleRenderInput {
  synthesis: StyleModelRef;
  /** The appearance photo: the one the result is pasted into. */
  source: StyleSourceSpec;
  styles: StyleInputs;
  mix: LayerMix;
  output: TransferOutput;
  /** Long side of the picture; 0 for the photo's (pasted) or the generator's (aligned) own size. */
  maxSide: number;
  /** The scene's painted masks of the mixed layers: where the result may be pasted (none: the whole oval). */
  pasteMask?: PasteMask;
}

export interface StyleRenderOutput {
  png: Uint8Array;
  width: number;
  height: number;
  renderMs: number;
}

const WARM_PREPARED = 3;
const prepared = new Map<string, Promise<StylePrepared>>();

/** Renders one transfer in the style worker: mix, synthesise, paste back (or the aligned square), PNG. */
export async function renderTransfer(input: StyleRenderInput): Promise<TaskReturn<StyleRenderOutput>> {
  const contract = input.synthesis.contract as SynthesisContract;
  const session = await sessionFor(input.synthesis);
  const generator = styleGenerator(input.synthesis.id, contract, session);
  const key = `${input.synthesis.sha256}|${input.source.key}`;
  let ready = prepared.get(key);
  if (!ready) {
    ready = stylePhoto(input.source).then((photo) => generator.prepare(photo));
    ready.catch(() => prepared.delete(key));
    prepared.set(key, ready);
    while (prepared.size > WARM_PREPARED) prepared.delete(prepared.keys().next().value!);
  }
  const source = await ready;
  const started = performance.now();
  // The styles belong to this call: a cached preparation never carries another call's inversions.
  const frame = { ...source, styles: input.styles };
  let image;
  if (input.output === 'aligned') {
    image = await generator.synthesise(frame, input.mix);
    if (input.maxSide > 0 && input.maxSide !== image.width) image = await resizedPhoto(image, input.maxSide);
  } else {
    const size = input.maxSide > 0 ? { kind: 'preview' as const, maxSide: input.maxSide } : { kind: 'full' as const };
    image = (
      await generator.render(
        frame,
        null,
        input.mix,
        { keepOriginal: null, ...(input.pasteMask ? { paste: input.pasteMask } : {}) },
        size,
      )
    ).image;
  }
  const renderMs = performance.now() - started;
  const png = new Uint8Array(
    await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
      .png()
      .toBuffer(),
  );
  return {
    value: { png, width: image.width, height: image.height, renderMs },
    transfer: [png.buffer as ArrayBuffer],
  };
}
