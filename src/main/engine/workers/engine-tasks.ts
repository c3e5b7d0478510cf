import type { ImportPhotoEvent, ImportPhotoInput, ImportPhotoOutput } from '../media/import-photo-task';
import type { FaceTasks } from '../face/face-tasks';
import type { GenerateTasks } from '../generate/generate-task';
import type { TaskSpec } from './protocol';

/** The tasks the engine's worker entry serves, with their input, output and event types. */
export type EngineTasks = {
  'import-photo': TaskSpec<ImportPhotoInput, ImportPhotoOutput, ImportPhotoEvent>;
} & FaceTasks &
  GenerateTasks;
