import { serveTasks } from '../workers';
import { faceTaskHandlers, type FaceTasks } from './face-tasks';

/**
 * Stand-alone worker entry for the face tasks (tests, benchmarks, scripts). The app's shared
 * worker entry (workers/worker-entry.ts) serves the same `faceTaskHandlers` next to its own tasks.
 */
serveTasks<FaceTasks>(faceTaskHandlers);
