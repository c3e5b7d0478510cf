/** What a worker thread loads of the generators: the render task and its types. */
export { generateTaskHandlers, type GenerateTasks } from './generate-task';
