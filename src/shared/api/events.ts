import { z } from 'zod';
import { Id, Job } from './models';
import { FrameRenderInfo } from './render';
import { MaskInfo, MaskLayerId } from './masks';

/** Events the engine pushes to every connected client. */
export const events = {
  'job.updated': Job,
  /** Something in a project changed (assets, name, ...): lists showing it should refresh. */
  'project.changed': z.object({ projectId: Id }),
  'projects.changed': z.object({}),
  /** A layer's painted mask was stored or removed (mask null): previews of the scene render again. */
  'mask.changed': z.object({ projectId: Id, sceneId: Id, layer: MaskLayerId, mask: MaskInfo.nullable() }),
  /**
   * An inversion's loss curve as it grows (a few times a second): the losses of iterations
   * firstIteration, firstIteration + 1, ... (1-based), since the previous event of that inversion.
   */
  'inversion.progress': z.object({
    inversionId: Id,
    jobId: Id,
    firstIteration: z.number().int().positive(),
    losses: z.array(z.number()),
    /** Mean time of one iteration so far, in the style worker. */
    msPerIteration: z.number().nonnegative(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/**
 * Header of one binary frame on a preview stream (a job's, or a render session's). Previews are latest-frame-wins: a
 * transport drops older undelivered frames of the same stream instead of queueing them.
 */
export const FrameHeader = z.object({
  streamId: Id,
  seq: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  timestampMs: z.number(),
  format: z.enum(['rgba', 'jpeg', 'png']),
  /** Frames of a render session: which rig state the frame shows and where it goes. */
  render: FrameRenderInfo.optional(),
});
export type FrameHeader = z.infer<typeof FrameHeader>;
export interface Frame {
  header: FrameHeader;
  data: Uint8Array;
}
