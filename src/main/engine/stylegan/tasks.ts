/** What the style worker loads of method A: inversion chunks and transfer renders. */
import type { TaskHandlers } from '../workers';
import { invertChunk, type InvertChunkEvent, type InvertChunkInput, type InvertChunkOutput } from './invert-task';
import { renderTransfer, type StyleRenderInput, type StyleRenderOutput } from './render-task';

// A type alias, not an interface: TaskTable needs the implicit index signature aliases have.
export type StyleganTasks = {
  'stylegan.invert': { input: InvertChunkInput; output: InvertChunkOutput; event: InvertChunkEvent };
  'stylegan.render': { input: StyleRenderInput; output: StyleRenderOutput; event: never };
};

export const styleganTaskHandlers: TaskHandlers<StyleganTasks> = {
  'stylegan.invert': invertChunk,
  'stylegan.render': (input) => renderTransfer(input),
};

export type { InvertChunkEvent, InvertChunkInput, InvertChunkOutput, StyleRenderInput, StyleRenderOutput };
export type { StyleModelRef } from './model-sessions';
export type { StyleSourceSpec } from './style-source';
