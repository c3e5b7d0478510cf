/** Public surface of the generators for the engine thread: portrait sources and full renders (workers load ./tasks). */
export { portraitSource, renderPortrait, type RenderPortraitOptions } from './render-portrait';
export type { EngineExpression, GenerateRenderInput, GenerateRenderOutput, GenerateSourceSpec } from './generate-task';
export { layerAlpha, NO_MASKS, type Generator, type GeneratorMasks, type GeneratorSource } from './generator';
export { fitLandmarksForSource } from './generator-source';
export { landmarkMouthOpening } from './warp/feature-shading';
export { DONOR_OPEN_FROM } from './warp/mouth-donor';
