/** Public surface of scenes, their timelines and their exports. */
export { sceneHandlers } from './scenes-handlers';
export { rendersHandlers } from './renders-handlers';
export { removeProjectExports } from './export-files';
export { ScenesRepo } from './scenes-repo';
export { SCENES_TIMELINE_MIGRATION } from './scenes-store-migration';
