import type { ImportPhotoEvent, ImportPhotoInput, ImportPhotoOutput } from '../media/tasks';
import type { FaceTasks } from '../face/tasks';
import type { GenerateTasks } from '../generate/tasks';
import type { StyleganTasks } from '../stylegan/tasks';
import type { TaskSpec } from './protocol';

/** The tasks the engine's worker entry serves, with their input, output and event types. */
export type EngineTasks = {
  'import-photo': TaskSpec<ImportPhotoInput, ImportPhotoOutput, ImportPhotoEvent>;
} & FaceTasks &
  GenerateTasks &
  StyleganTasks;
