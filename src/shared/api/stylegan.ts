import { z } from 'zod';
import { GeneratorInfo, LayerMix } from '../generate/generator-types';
import { InstalledModelId } from './model-manager';
import { Id, Job } from './models';

/**
 * Method A (docs/stylegan.md): invert photos into an installed style-based generator, mix their
 * styles per synthesis layer, paste the result back into the photo.
 */

/** What an inversion ran with; stored with it so a resume continues with the same settings. */
export const InversionSettings = z.object({
  synthesisId: InstalledModelId,
  perceptualId: InstalledModelId,
  /** The mapping network that gave the mean w (null when an encoder gave the start). */
  mappingId: InstalledModelId.nullable(),
  encoderId: InstalledModelId.nullable(),
  /** Where the optimisation started: the encoder's ws, or the mean w of many mapped z. */
  start: z.enum(['encoder', 'mean-w']),
  /** The perceptual network's output compared (a middle VGG layer works best, the paper says). */
  layer: z.string().min(1).max(64),
  /** Total iterations asked for (the learning-rate schedule's length). */
  iterations: z.number().int().min(1).max(5000),
  /** A preview frame is streamed every this many iterations. */
  previewEvery: z.number().int().min(1).max(1000),
  learningRate: z.number().positive().max(10),
  perceptualWeight: z.number().nonnegative(),
  pixelWeight: z.number().nonnegative(),
});
export type InversionSettings = z.infer<typeof InversionSettings>;

export const InversionStatus = z.enum(['running', 'stopped', 'done', 'failed']);
export type InversionStatus = z.infer<typeof InversionStatus>;

/** An inversion as the API lists it (its ws and optimiser state stay in the engine). */
export const StyleInversion = z.object({
  id: Id,
  projectId: Id,
  assetId: Id,
  status: InversionStatus,
  settings: InversionSettings,
  /** Iterations done so far. */
  iteration: z.number().int().nonnegative(),
  /** Loss before each iteration's update, in order (the loss curve). */
  losses: z.array(z.number()),
  /** The job that ran it last. */
  jobId: Id.nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type StyleInversion = z.infer<typeof StyleInversion>;

/** Result of an 'invert' job. */
export const InvertResult = z.object({
  inversionId: Id,
  assetId: Id,
  iteration: z.number().int().nonnegative(),
  firstLoss: z.number(),
  lastLoss: z.number(),
  msPerIteration: z.number().nonnegative(),
});
export type InvertResult = z.infer<typeof InvertResult>;

/** Which picture a transfer renders: the generator's aligned square, or the photo with it pasted back. */
export const TransferOutput = z.enum(['aligned', 'pasted']);
export type TransferOutput = z.infer<typeof TransferOutput>;

export const TransferRequest = z
  .object({
    /** Its styles are alpha 0 (and its photo receives the paste-back). */
    appearanceInversionId: Id,
    /** Its styles are alpha 1. */
    expressionInversionId: Id,
    /** layer id ("layer-3") -> alpha; a layer not named uses the model's default (its expression layers 1, else 0). */
    mix: LayerMix.default({}),
    output: TransferOutput.default('pasted'),
    /** Long side of the picture; 0 for the photo's own size (pasted) or the generator's (aligned). */
    maxSide: z.number().int().min(0).max(4096).default(0),
    /**
     * The scene whose painted masks of the style layers limit where the result is pasted (the
     * appearance photo must be the scene's portrait; docs/stylegan.md). Without it: the whole face oval.
     */
    sceneId: Id.optional(),
  })
  .strict();

export const TransferReport = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Time in the style worker (synthesis + paste-back). */
  renderMs: z.number().nonnegative(),
});
export type TransferReport = z.infer<typeof TransferReport>;

export const styleganMethods = {
  /**
   * Queues an 'invert' job of a portrait or expression photo (its face analysed) into an installed
   * synthesis network. With resumeInversionId it continues that inversion from its last saved state
   * (its settings, with `iterations` raised when given). Progress: iterations, loss and ETA; preview
   * frames stream on the job's stream; the loss curve is in stylegan.inversions.
   */
  'stylegan.invert': {
    params: z
      .object({
        assetId: Id,
        synthesisId: InstalledModelId.optional(),
        perceptualId: InstalledModelId.optional(),
        mappingId: InstalledModelId.optional(),
        encoderId: InstalledModelId.optional(),
        /** 'none' starts from the mean w even when an encoder is installed. */
        useEncoder: z.boolean().default(true),
        layer: z.string().min(1).max(64).optional(),
        iterations: z.number().int().min(1).max(5000).default(300),
        previewEvery: z.number().int().min(1).max(1000).default(10),
        learningRate: z.number().positive().max(10).default(0.1),
        resumeInversionId: Id.optional(),
      })
      .strict(),
    result: Job,
  },
  'stylegan.inversions': {
    params: z.object({ projectId: Id, assetId: Id.optional() }).strict(),
    result: z.array(StyleInversion),
  },
  'stylegan.deleteInversion': { params: z.object({ id: Id }).strict(), result: z.object({ ok: z.literal(true) }) },
  /** The style backend of an installed synthesis network: one layer per style input, named from its metadata. */
  'stylegan.generator': {
    params: z.object({ synthesisId: InstalledModelId }).strict(),
    result: GeneratorInfo.extend({ synthesisId: InstalledModelId }),
  },
  /** A stream this connection's transfer previews go out on (PNG frames). */
  'stylegan.openPreview': { params: z.object({}).strict(), result: z.object({ streamId: Id }) },
  /** Ends a preview stream (its last frame is dropped). */
  'stylegan.closePreview': { params: z.object({ streamId: Id }).strict(), result: z.object({ ok: z.literal(true) }) },
  /** Renders a transfer and publishes it on the preview stream; resolves once it is there. */
  'stylegan.preview': {
    params: TransferRequest.extend({ streamId: Id }).strict(),
    result: TransferReport,
  },
} as const;
