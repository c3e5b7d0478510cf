import { z } from 'zod';
import { ApiErrorShape } from './errors';

/**
 * JSON envelope shared by both transports. Binary payloads (request bytes, frames) travel
 * outside JSON: see the web transport's binary framing and Electron's structured clone.
 */
export const RequestMessage = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  params: z.unknown(),
});
export type RequestMessage = z.infer<typeof RequestMessage>;

export const ResponseMessage = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: ApiErrorShape }),
]);
export type ResponseMessage = z.infer<typeof ResponseMessage>;

export const EventMessage = z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() });
export type EventMessage = z.infer<typeof EventMessage>;

/** Client asks to receive (or stop receiving) a job's preview frames. */
export const StreamControlMessage = z.object({
  type: z.enum(['stream.open', 'stream.close']),
  streamId: z.string().min(1).max(64),
});
export type StreamControlMessage = z.infer<typeof StreamControlMessage>;
