import { z } from 'zod';
import { CoefficientRecord, HeadRotationRecord } from '../api/rig';

/**
 * The generator contract shared by the engine and the renderer: what a generator backend declares
 * (its layers and inputs), what it renders towards (a rig state), how its layers are mixed and at
 * what size a frame is rendered. See docs/generator.md.
 */

/** One part of the picture a generator controls, mixable on its own (alpha 0 keeps the photo there). */
export const GeneratorLayer = z.object({
  id: z.string().min(1).max(64),
  name: z.string(),
  /** What the layer controls, in words, for the UI's tooltip. */
  controls: z.string(),
  defaultAlpha: z.number().min(0).max(1),
});
export type GeneratorLayer = z.infer<typeof GeneratorLayer>;

/** What a backend needs from the source asset before it can render. */
export const GeneratorInput = z.enum(['photo', 'landmarks', 'rigFit']);
export type GeneratorInput = z.infer<typeof GeneratorInput>;

export const GeneratorInfo = z.object({
  id: z.string().min(1).max(64),
  name: z.string(),
  layers: z.array(GeneratorLayer),
  inputs: z.array(GeneratorInput),
});
export type GeneratorInfo = z.infer<typeof GeneratorInfo>;

/**
 * The rig state a frame is rendered towards: all 52 ARKit coefficients (gaze is the eyeLook*
 * coefficients) and the absolute head rotation, exactly as RigState carries them.
 */
export const RenderTarget = z.object({ coefficients: CoefficientRecord, head: HeadRotationRecord });
export type RenderTarget = z.infer<typeof RenderTarget>;

/** Layer id -> alpha in [0, 1]; a layer not named uses its default alpha. */
export const LayerMix = z.record(z.string().min(1).max(64), z.number().min(0).max(1));
export type LayerMix = z.infer<typeof LayerMix>;

/**
 * How large a frame is: a preview is the face region (face, hair, neck: see faceRegionOf) scaled so
 * its long side is maxSide pixels; 'full' is the whole original photo at its own resolution with
 * the edited face composed into it.
 */
export const RenderSize = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('preview'), maxSide: z.number().int().min(32).max(2048) }),
  z.object({ kind: z.literal('full') }),
]);
export type RenderSize = z.infer<typeof RenderSize>;

export const PREVIEW_MAX_SIDE = 512;

/** An axis-aligned rectangle in original-image pixels. */
export const PixelRect = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type PixelRect = z.infer<typeof PixelRect>;

/** A head angle the generator could not show (the warp would tear) and the angle it rendered instead. */
export const CappedAngle = z.object({
  name: z.enum(['yawDeg', 'pitchDeg', 'rollDeg']),
  given: z.number(),
  used: z.number(),
});
export type CappedAngle = z.infer<typeof CappedAngle>;

/** What comes with every rendered frame besides its pixels. */
export const RenderReport = z.object({
  generatorId: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Where the frame lies in the original photo (the whole photo for 'full'). */
  region: PixelRect,
  /** Frame pixels per original pixel. */
  scale: z.number().positive(),
  /** Head angles reduced to keep the warp from tearing: the UI says so next to the head sliders. */
  capped: z.array(CappedAngle),
  /** Time spent rendering in the worker (ms), excluding decode and transfer. */
  renderMs: z.number(),
});
export type RenderReport = z.infer<typeof RenderReport>;
