/** What worker threads load of face analysis: the ORT-backed task handlers and their types. */
export { faceTaskHandlers, type FaceTasks } from './face-tasks';
