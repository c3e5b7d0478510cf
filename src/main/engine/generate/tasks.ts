/** What a worker thread loads of the generators: the render task and its types. */
export { generateTaskHandlers, type GenerateTasks } from './generate-task';
export {
  applySimilarity,
  fitSimilarity,
  invertSimilarity,
  pasteBack,
  sampleRgba,
  scaleSimilarity,
  type PasteBackInput,
  type Similarity,
} from './compositing';
export type { AsyncGenerator, Generator, GeneratorMasks, GeneratorSource, RenderedFrame, RgbaFrame } from './generator';
export { layerAlpha } from './generator';
