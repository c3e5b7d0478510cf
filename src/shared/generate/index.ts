/** The generator contract (pure): layer and backend descriptions, render targets, mixes and sizes. */
export * from './generator-types';
export * from './style-layers';
export * from './expression-layers';
export * from './driver-frames';
export * from './retarget-channels';
export * from './wrinkle-regions';
export * from './fold-pattern';
