/**
 * Entry point of every engine worker thread. electron-vite builds it to out/main/worker.js; tests
 * and tsx scripts start it from this source file. It only registers task handlers.
 */
import { faceTaskHandlers } from '../face/face-tasks';
import { generateTaskHandlers } from '../generate/generate-task';
import { importPhotoTask } from '../media/import-photo-task';
import type { EngineTasks } from './engine-tasks';
import { serveTasks } from './serve-tasks';

serveTasks<EngineTasks>({ 'import-photo': importPhotoTask, ...faceTaskHandlers, ...generateTaskHandlers });
