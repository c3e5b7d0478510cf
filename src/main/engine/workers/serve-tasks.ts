import { parentPort } from 'node:worker_threads';
import { ApiError, type ApiErrorShape } from '../../../shared/api';
import type { MessageFromWorker, MessageToWorker, TaskTable } from './protocol';

/** What a task sees while it runs inside a worker. */
export interface TaskContext<Event> {
  /** Aborted when the engine cancels the task; tasks check it between steps. */
  signal: AbortSignal;
  /** Sends a progress or preview event to the engine; buffers in `transfer` move without copying. */
  emit(event: Event, transfer?: ArrayBuffer[]): void;
}

/** A task's return value plus the buffers to move (not copy) back to the engine thread. */
export interface TaskReturn<Output> {
  value: Output;
  transfer?: ArrayBuffer[];
}

export type TaskHandlers<T extends TaskTable> = {
  [K in keyof T]: (input: T[K]['input'], context: TaskContext<T[K]['event']>) => Promise<TaskReturn<T[K]['output']>>;
};

const toErrorShape = (error: unknown): ApiErrorShape => {
  if (error instanceof ApiError) return error.toShape();
  if (error instanceof Error && error.name === 'AbortError') return { code: 'cancelled', message: 'Cancelled' };
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code === 'ENOSPC' ? 'disk_full' : 'internal';
  return { code, message: code === 'disk_full' ? `The disk is full: ${message}` : message };
};

/** Runs inside a worker thread: answers the pool's 'run' and 'cancel' messages with the given handlers. */
export function serveTasks<T extends TaskTable>(handlers: TaskHandlers<T>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run inside a worker thread');
  const running = new Map<number, AbortController>();
  const post = (message: MessageFromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

  port.on('message', (message: MessageToWorker) => {
    if (message.type === 'cancel') {
      running.get(message.taskId)?.abort();
      return;
    }
    const { taskId, task, input } = message;
    const handler = Object.hasOwn(handlers, task) ? handlers[task as keyof T] : undefined;
    if (!handler) {
      post({ type: 'failed', taskId, error: { code: 'not_found', message: `No worker task named "${task}"` } });
      return;
    }
    const controller = new AbortController();
    running.set(taskId, controller);
    const context: TaskContext<unknown> = {
      signal: controller.signal,
      emit: (event, transfer) => post({ type: 'event', taskId, event }, transfer),
    };
    handler(input as never, context as never)
      .then(
        (output) => post({ type: 'done', taskId, result: output.value }, output.transfer),
        (error: unknown) =>
          post({
            type: 'failed',
            taskId,
            error: controller.signal.aborted ? { code: 'cancelled', message: 'Cancelled' } : toErrorShape(error),
          }),
      )
      .finally(() => running.delete(taskId));
  });
}
