/** Public surface of painted layer masks (docs/generator.md, "Masks"). */
export { masksHandlers } from './masks-handlers';
export { loadMaskAtlas, loadSceneMaskAtlases, sceneMasksVersion } from './load-masks';
export { validateMaskPng } from './mask-png';
export { createSceneMaskWeights, type SceneMaskWeights } from './scene-mask-weights';
