/** Public surface of the worker pool: the pool, the worker program's task table and the serving side. */
export { WorkerPool, type WorkerPoolOptions, type RunOptions, type TaskPriority } from './worker-pool';
export { resolveWorkerEntry } from './resolve-worker-entry';
export type { EngineTasks } from './engine-tasks';
export type { TaskSpec, TaskTable } from './protocol';
export { serveTasks, type TaskContext, type TaskHandlers, type TaskReturn } from './serve-tasks';
