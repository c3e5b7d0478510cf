import { z } from 'zod';
import { ModelContract } from './model-contract';
import { Sha256 } from './models';

/** Roles a user installs through the model manager (docs/models.md). */
export const InstallableRole = z.enum(['synthesis', 'mapping', 'perceptual', 'encoder', 'motion']);
export type InstallableRole = z.infer<typeof InstallableRole>;

export const InstalledModelId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'lowercase letters, digits and dashes (at most 63), starting with a letter or digit',
  );

/** One tensor as the probe saw it: the model's own axis order. */
const TensorView = z.object({ name: z.string(), shape: z.array(z.number().int()), dtype: z.string() });

/** An installed model as the API lists it. */
export const InstalledModelView = z.object({
  id: InstalledModelId,
  role: InstallableRole,
  sha256: Sha256,
  bytes: z.number().int().positive(),
  opset: z.number().int(),
  inputs: z.array(TensorView),
  outputs: z.array(TensorView),
  contract: ModelContract,
  source: z.enum(['file', 'url']),
  /** The file's base name or the URL. */
  origin: z.string(),
  installedAt: z.number(),
  /** Time of the probe run on cpu at install, in milliseconds. */
  probeMs: z.number().nonnegative(),
});
export type InstalledModelView = z.infer<typeof InstalledModelView>;

/**
 * Where the model comes from. A local path is a CLI or desktop-dialog thing: the engine accepts it only from
 * those hosts (the web host's browser cannot name files on the engine's machine), and only an absolute path to
 * a .onnx file. A URL must be http(s).
 */
export const ModelSource = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('file'),
      path: z
        .string()
        .min(1)
        .max(4096)
        .refine((p) => !p.includes('\0'), 'a path without NUL characters')
        .refine((p) => /\.onnx$/i.test(p), 'a .onnx file'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('url'),
      url: z
        .string()
        .max(4096)
        .url()
        .refine((u) => /^https?:\/\//i.test(u), 'an http or https URL'),
    })
    .strict(),
]);
export type ModelSource = z.infer<typeof ModelSource>;

/** Model manager methods, spread into the contract's method table (methods.ts). */
export const modelManagerMethods = {
  /** Installed models, and folders under models/ that are not valid installs (with the reason). */
  'models.list': {
    params: z.object({}).strict(),
    result: z.object({
      models: z.array(InstalledModelView),
      problems: z.array(z.object({ folder: z.string(), reason: z.string() })),
    }),
  },
  /**
   * Copies or downloads the model, checks the sha256 if given, opens it and runs the probe of its role's
   * contract; a model that fails is refused with the tensor that is wrong and nothing is left installed.
   */
  'models.install': {
    params: z
      .object({
        source: ModelSource,
        /** The metadata sidecar's content (docs/models.md). */
        metadata: ModelContract,
        sha256: Sha256.optional(),
        /** When given, must agree with metadata.role. */
        role: InstallableRole.optional(),
        /** Defaults to the file name without .onnx, made lowercase with dashes. */
        id: InstalledModelId.optional(),
      })
      .strict(),
    result: InstalledModelView,
  },
  'models.remove': { params: z.object({ id: InstalledModelId }).strict(), result: z.object({ ok: z.literal(true) }) },
} as const;
