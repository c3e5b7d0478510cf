import { z } from 'zod';
import { ARKIT_BLENDSHAPE_NAMES } from '../rig/arkit-names';
import { Id } from './models';

/**
 * Rig state as the API carries it: per portrait asset, the fit to its face (when the face was
 * analysed) and the user's edited coefficients and head rotation; per project, user presets.
 * Coefficients travel as name-keyed records (ARKit names) so the order never matters on the wire.
 */

export const BlendshapeName = z.enum(ARKIT_BLENDSHAPE_NAMES);

/** Every one of the 52 coefficients. */
export const CoefficientRecord = z.record(BlendshapeName, z.number());
export type CoefficientRecord = z.infer<typeof CoefficientRecord>;

/** Some coefficients (an edit, a preset); values outside [0, 1] are clamped by the engine and reported. */
export const PartialCoefficientRecord = z.partialRecord(BlendshapeName, z.number());
export type PartialCoefficientRecord = z.infer<typeof PartialCoefficientRecord>;

export const HeadRotationRecord = z.object({ yawDeg: z.number(), pitchDeg: z.number(), rollDeg: z.number() });
export type HeadRotationRecord = z.infer<typeof HeadRotationRecord>;

export const RigPose = z.object({
  yawDeg: z.number(),
  pitchDeg: z.number(),
  rollDeg: z.number(),
  tx: z.number(),
  ty: z.number(),
  tz: z.number(),
  scale: z.number(),
});

/** The rig fitted to the chosen face of the asset's analysis. */
export const RigFitSummary = z.object({
  faceIndex: z.number().int().nonnegative(),
  /** Where the model lands on the working image (see docs/rig.md, "Pose and coefficients"). */
  pose: RigPose,
  /** The coefficients the photo shows (the baseline "reset" returns to). */
  coefficients: CoefficientRecord,
  residualRmsPixels: z.number(),
  imageWidth: z.number().int().positive(),
  imageHeight: z.number().int().positive(),
});
export type RigFitSummary = z.infer<typeof RigFitSummary>;

export const RigState = z.object({
  assetId: Id,
  fit: RigFitSummary.nullable(),
  /** Why there is no fit, in words ("The face has not been analysed yet"); null with a fit. */
  fitMissingReason: z.string().nullable(),
  /** The person's own neutral mesh (478 x, y, z in canonical units) when fitted; null means the canonical face. */
  identityNeutral: z
    .array(z.number())
    .length(478 * 3)
    .nullable(),
  /** The coefficients in use: the user's edits, else the fit's, else all 0. */
  coefficients: CoefficientRecord,
  head: HeadRotationRecord,
  /** The user has edited this rig (false: it shows the fit or the neutral face). */
  edited: z.boolean(),
  updatedAt: z.number().nullable(),
});
export type RigState = z.infer<typeof RigState>;

/** A value the engine changed to keep it in range: a coefficient name or a head axis. */
export const ClampedValue = z.object({ name: z.string(), given: z.number(), used: z.number() });
export type ClampedValue = z.infer<typeof ClampedValue>;

export const RigPreset = z.object({
  id: Id,
  projectId: Id,
  name: z.string(),
  coefficients: CoefficientRecord,
  createdAt: z.number(),
});
export type RigPreset = z.infer<typeof RigPreset>;

export const PresetName = z.string().trim().min(1, 'a preset needs a name').max(80);

export const rigMethods = {
  /** The asset's rig: fitted on first use when its face analysis exists, else the canonical face. */
  'rig.get': { params: z.object({ assetId: Id }).strict(), result: RigState },
  /** Sets some coefficients (and optionally head angles); out-of-range values are clamped and listed. */
  'rig.setCoefficients': {
    params: z
      .object({
        assetId: Id,
        coefficients: PartialCoefficientRecord,
        head: HeadRotationRecord.partial().strict().optional(),
      })
      .strict(),
    result: z.object({
      coefficients: CoefficientRecord,
      head: HeadRotationRecord,
      clamped: z.array(ClampedValue),
      updatedAt: z.number(),
    }),
  },
  'presets.list': { params: z.object({ projectId: Id }).strict(), result: z.array(RigPreset) },
  /** Saves a user preset under a new name (an existing name is a conflict); values are clamped and listed. */
  'presets.save': {
    params: z.object({ projectId: Id, name: PresetName, coefficients: PartialCoefficientRecord }).strict(),
    result: z.object({ preset: RigPreset, clamped: z.array(ClampedValue) }),
  },
  'presets.delete': { params: z.object({ id: Id }).strict(), result: z.object({ ok: z.literal(true) }) },
} as const;
