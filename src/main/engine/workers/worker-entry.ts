/**
 * Entry point of every engine worker thread. electron-vite builds it to out/main/worker.js; tests
 * and tsx scripts start it from this source file. It only registers task handlers.
 */
import { faceTaskHandlers } from '../face/tasks';
import { importPhotoTask } from '../media/tasks';
import { generateTaskHandlers } from '../generate/tasks';
import { styleganTaskHandlers } from '../stylegan/tasks';
import type { EngineTasks } from './engine-tasks';
import { serveTasks } from './serve-tasks';

serveTasks<EngineTasks>({
  'import-photo': importPhotoTask,
  ...faceTaskHandlers,
  ...generateTaskHandlers,
  ...styleganTaskHandlers,
});
