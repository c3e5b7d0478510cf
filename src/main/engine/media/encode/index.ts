export * from './encode-options';
export * from './frame-encoder';
