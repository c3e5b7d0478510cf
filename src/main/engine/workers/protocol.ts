import type { ApiErrorShape } from '../../../shared/api';

/**
 * Messages between the engine's WorkerPool and a worker thread. One worker runs one task at a
 * time; taskId ties events and the outcome back to the caller.
 */
export type MessageToWorker =
  { type: 'run'; taskId: number; task: string; input: unknown } | { type: 'cancel'; taskId: number };

export type MessageFromWorker =
  | { type: 'event'; taskId: number; event: unknown }
  | { type: 'done'; taskId: number; result: unknown }
  | { type: 'failed'; taskId: number; error: ApiErrorShape };

/** Describes each named task: what goes in, what comes out, and what it emits while running. */
export interface TaskSpec<Input = unknown, Output = unknown, Event = unknown> {
  input: Input;
  output: Output;
  event: Event;
}
export type TaskTable = Record<string, TaskSpec>;
