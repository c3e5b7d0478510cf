/** What worker threads load of media: the photo import task and its types. */
export {
  importPhotoTask,
  type ImportPhotoEvent,
  type ImportPhotoInput,
  type ImportPhotoOutput,
} from './import-photo-task';
