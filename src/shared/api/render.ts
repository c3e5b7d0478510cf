import { z } from 'zod';
import { Id } from './models';
import { LayerMix } from '../generate/generator-types';
import { CoefficientRecord, HeadRotationRecord } from './rig';

/**
 * Render sessions: a long-lived stream of rendered frames of one portrait, not tied to a job.
 * The client opens a session for an asset, sends target rig states (each with an id it chooses),
 * receives frames on the stream whose id is the session id (each frame names the state it shows),
 * and closes the session. Latest state wins: a newer update replaces one still waiting, so a
 * slider drag never queues stale renders. See docs/wire-protocol.md, "Render sessions".
 */

/** Long side of a preview frame of the face region unless the client asks otherwise. */
export const DEFAULT_PREVIEW_SIDE = 512;
/** Sessions one connection (a window, a socket) may hold at once. */
export const MAX_RENDER_SESSIONS_PER_CONNECTION = 4;
/** Sessions all connections together may hold at once. */
export const MAX_RENDER_SESSIONS = 16;

/** A client-chosen name of one target state; the frame rendered from it carries it back. */
export const RenderStateId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

/** preview: the face region at previewSide px, for drags; full: the face region at the photo's own resolution. */
export const RenderQuality = z.enum(['preview', 'full']);
export type RenderQuality = z.infer<typeof RenderQuality>;

/** A rectangle in the asset's working-image pixels. */
export const ImageRect = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().positive(),
  height: z.number().positive(),
});
export type ImageRect = z.infer<typeof ImageRect>;

/** A head angle the generator reduced (the warp would tear) and the angle it rendered instead. */
export const LimitedAngle = z.object({
  name: z.enum(['yawDeg', 'pitchDeg', 'rollDeg']),
  given: z.number(),
  used: z.number(),
});
export type LimitedAngle = z.infer<typeof LimitedAngle>;

/** What each limited head angle is called, for the viewer's note and the CLI's. */
export const LIMITED_ANGLE_WORDS: Record<LimitedAngle['name'], string> = {
  yawDeg: 'Head turn',
  pitchDeg: 'Head tilt',
  rollDeg: 'Head roll',
};

/**
 * "12° (asked 45°)": the angle rendered, signed, and the one asked. The warp scales the whole turn
 * from the photo's own pose, so the rendered angle may even have the other sign (asked 10°, rendered
 * -3.9° from a photo at -8°): without the asked one, "limited to 4°" would read as the wrong way.
 */
export function limitedAngleText(angle: LimitedAngle, digits: number): string {
  return `${angle.used.toFixed(digits)}° (asked ${angle.given.toFixed(digits)}°)`;
}

/** What a render-session frame says about itself, besides its pixels (FrameHeader.render). */
export const FrameRenderInfo = z.object({
  stateId: RenderStateId,
  quality: RenderQuality,
  /** Where the frame goes over the working image (it is drawn scaled to cover this rectangle). */
  region: ImageRect,
  /** Head angles the generator limited to keep the picture from tearing. */
  limited: z.array(LimitedAngle),
  /** Time spent rendering in the worker. */
  renderMs: z.number().nonnegative(),
  /** Time from the update's arrival in the engine to this frame's publication (waiting included). */
  engineMs: z.number().nonnegative(),
});
export type FrameRenderInfo = z.infer<typeof FrameRenderInfo>;

export const RenderSessionInfo = z.object({
  sessionId: Id,
  assetId: Id,
  previewSide: z.number().int().positive(),
  /** The scene the session renders (its expression source and layer mix), when opened with one. */
  sceneId: Id.optional(),
});
export type RenderSessionInfo = z.infer<typeof RenderSessionInfo>;

export const renderMethods = {
  /** Opens a render session for a portrait; open its frames with openStream(sessionId). */
  'render.openSession': {
    params: z
      .object({
        assetId: Id,
        previewSide: z.number().int().min(64).max(1024).default(DEFAULT_PREVIEW_SIDE),
        /** Render this scene of the portrait: its expression source and layer mix join every frame. */
        sceneId: Id.optional(),
      })
      .strict(),
    result: RenderSessionInfo,
  },
  /**
   * Asks for a frame of the session's portrait at this rig state. Resolves once that frame is on
   * the stream ('rendered', with what the frame header says) or once a newer update replaced it
   * before it started ('superseded'); rejects with the render's error.
   */
  'render.update': {
    params: z
      .object({
        sessionId: Id,
        stateId: RenderStateId,
        quality: RenderQuality.default('preview'),
        coefficients: CoefficientRecord,
        head: HeadRotationRecord,
        /** Layer alphas for this frame instead of the scene's (an alpha slider dragging); scene sessions only. */
        layerMix: LayerMix.optional(),
        /** The expression video's frame for this frame instead of the scene's; scene sessions only. */
        sourceFrame: z.number().int().min(0).optional(),
      })
      .strict(),
    result: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('rendered'), stateId: RenderStateId, frame: FrameRenderInfo }),
      z.object({ outcome: z.literal('superseded'), stateId: RenderStateId, by: RenderStateId }),
    ]),
  },
  /** Ends a session: its stream stops and a pending update resolves as superseded. */
  'render.closeSession': { params: z.object({ sessionId: Id }).strict(), result: z.object({ ok: z.literal(true) }) },
} as const;
