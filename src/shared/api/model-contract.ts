import { z } from 'zod';

/**
 * The contract of the installable style-based generator models (docs/models.md): what each role's
 * metadata sidecar says. The tensors themselves are checked by running a probe (probe.ts).
 */

export const W_DIM = 512;

/** One synthesis layer (one entry of ws): the resolution it styles and its band. */
export const SynthesisLayer = z.object({
  resolution: z.number().int().positive(),
  band: z.enum(['coarse', 'middle', 'fine']),
  /** e.g. "b8/conv0_up"; shown on the layer's slider. */
  name: z.string().min(1).max(64),
});
export type SynthesisLayer = z.infer<typeof SynthesisLayer>;

/** The face alignment the generator was trained on: where the landmarks sit in the aligned square. */
export const AlignmentTemplate = z.object({
  /** e.g. "ffhq": FFHQ's recipe (eye and mouth centres from 68 landmarks, quad crop). */
  name: z.string().min(1).max(64),
  /**
   * Target positions of (left eye centre, right eye centre, mouth centre) as fractions of the side,
   * in the subject's left/right as seen in the image (x to the right, y down).
   */
  points: z
    .object({
      leftEye: z.tuple([z.number(), z.number()]),
      rightEye: z.tuple([z.number(), z.number()]),
      mouth: z.tuple([z.number(), z.number()]),
    })
    .strict(),
  description: z.string().max(1000).optional(),
});
export type AlignmentTemplate = z.infer<typeof AlignmentTemplate>;

const Licence = z.string().min(1, 'the licence is required (e.g. "Nvidia Source Code License-NC")').max(500);
const Resolution = z
  .number()
  .int()
  .refine((n) => n >= 4 && Number.isInteger(Math.log2(n)), 'a power of two, at least 4');

export const SynthesisContract = z
  .object({
    role: z.literal('synthesis'),
    resolution: Resolution,
    /** L: the number of w vectors in ws. */
    numWs: z.number().int().positive(),
    layers: z.array(SynthesisLayer),
    /** Indices into layers that carry expression by default (the paper found the 4th-5th best). */
    expressionLayers: z.array(z.number().int().nonnegative()).min(1),
    alignment: AlignmentTemplate,
    licence: Licence,
  })
  .strict();
export type SynthesisContract = z.infer<typeof SynthesisContract>;

export const MappingContract = z
  .object({ role: z.literal('mapping'), zDim: z.literal(W_DIM), licence: Licence })
  .strict();

export const PerceptualContract = z
  .object({
    role: z.literal('perceptual'),
    /** The image side it takes: the generator's resolution (the network resizes inside if it needs to). */
    resolution: Resolution,
    /** Output names, each a [1, C, h, w] feature map after ReLU, e.g. VGG16's conv1_2, conv2_2, conv3_3, conv4_3. */
    layers: z.array(z.string().regex(/^[A-Za-z0-9_./-]+$/)).min(1),
    licence: Licence,
  })
  .strict();

export const EncoderContract = z
  .object({
    role: z.literal('encoder'),
    resolution: Resolution,
    numWs: z.number().int().positive(),
    /** Same as the synthesis network's: the encoder's input is aligned with it. */
    alignment: AlignmentTemplate,
    licence: Licence,
  })
  .strict();

/**
 * A learned motion predictor (docs/timeline.md, "Learned motion predictor"): given the last `window`
 * frames of the 55 motion channels (MOTION_CHANNELS), the target state and the seconds left to reach
 * it, it gives the next frame (1 / fps later). A 3DDP-style LSTM exported to ONNX fits it; its
 * recurrent state lives in the window (the model is stateless between calls).
 */
export const MotionContract = z
  .object({
    role: z.literal('motion'),
    /** Past frames the model reads (oldest first). */
    window: z.number().int().min(1).max(256),
    /** The frame rate it predicts at: `next` is 1 / fps after the last past frame. */
    fps: z.number().positive().max(240),
    licence: Licence,
    description: z.string().max(1000).optional(),
  })
  .strict();
export type MotionContract = z.infer<typeof MotionContract>;

/** Cross-field checks of a synthesis contract (layers and expressionLayers agree with numWs). */
function checkSynthesis(c: z.infer<typeof SynthesisContract>, ctx: z.RefinementCtx): void {
  if (c.layers.length !== c.numWs) {
    ctx.addIssue({ code: 'custom', path: ['layers'], message: `has ${c.layers.length} entries, numWs is ${c.numWs}` });
  }
  for (const index of c.expressionLayers) {
    if (index >= c.numWs) {
      ctx.addIssue({ code: 'custom', path: ['expressionLayers'], message: `layer ${index} is past numWs ${c.numWs}` });
    }
  }
}

export const ModelContract = z
  .discriminatedUnion('role', [SynthesisContract, MappingContract, PerceptualContract, EncoderContract, MotionContract])
  .superRefine((c, ctx) => {
    if (c.role === 'synthesis') checkSynthesis(c, ctx);
  });
export type ModelContract = z.infer<typeof ModelContract>;

/** Parses a metadata sidecar; the message names the first wrong field ("layers: has 9 entries, numWs is 10"). */
export function parseContract(value: unknown): ModelContract {
  const parsed = ModelContract.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new Error(`the model metadata is not valid: ${where}${issue?.message ?? 'invalid'}`);
}
