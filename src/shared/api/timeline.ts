import { z } from 'zod';
import { isParameterId, type Keyframe as KeyframeModel, type Track as TrackModel } from '../timeline/keyframe';

/**
 * Wire schemas for timeline keyframes and tracks (docs/timeline.md). Not yet used by any method;
 * scene methods validate with these. Handle x values must stay in [0,1] so a segment's curve is a
 * function of time; y values are free (overshoot).
 */
const HandleX = z.number().min(0).max(1);
const Finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const Keyframe = z.object({
  id: z.string().min(1).max(64),
  time: Finite.refine((t) => t >= 0, 'must be >= 0 seconds'),
  value: Finite,
  handles: z.tuple([HandleX, Finite, HandleX, Finite]),
  connectedRight: z.boolean(),
  type: z.enum(['bezier', 'hold']),
});

export const ParameterIdSchema = z.string().refine(isParameterId, {
  message: "must be 'rig.<ARKit name>', 'head.yawDeg|pitchDeg|rollDeg', 'layer.<id>' or 'source.frame'",
});

export const Track = z
  .object({ parameter: ParameterIdSchema, keyframes: z.array(Keyframe).max(100_000) })
  .superRefine((track, ctx) => {
    for (let i = 1; i < track.keyframes.length; i++) {
      if (!(track.keyframes[i]!.time > track.keyframes[i - 1]!.time)) {
        ctx.addIssue({
          code: 'custom',
          path: ['keyframes', i, 'time'],
          message: 'keyframes must be sorted by time, one per time',
        });
        return;
      }
    }
  });

export type Keyframe = z.infer<typeof Keyframe>;
export type Track = z.infer<typeof Track>;

// The wire types must stay assignable to the model the evaluator uses.
type Assert<T extends true> = T;
export type _KeyframeMatches = Assert<z.infer<typeof Keyframe> extends KeyframeModel ? true : false>;
export type _TrackMatches = Assert<z.infer<typeof Track> extends Omit<TrackModel, 'parameter'> ? true : false>;
