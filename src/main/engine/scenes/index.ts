/** Public surface of scenes, their timelines and their exports. */
export { sceneHandlers } from './scenes-handlers';
export { rendersHandlers, resolveExportFile } from './renders-handlers';
export { exportJob, planExport, type ExportPlan } from './export-job';
export {
  prepareScene,
  renderSceneFrame,
  sceneStateOf,
  type PreparedScene,
  type SceneFrame,
} from './render-scene-frame';
export { ScenesRepo } from './scenes-repo';
export { RendersRepo } from './renders-repo';
export { removeProjectExports } from './export-files';
export { SCENES_TIMELINE_MIGRATION } from './scenes-store-migration';
