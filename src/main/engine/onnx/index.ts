/**
 * The ONNX graph layer's door: reading and writing models, tensors, static shapes and constant
 * folding, shared by the TF.js converter (models/convert) and the gradient builder (autodiff).
 */
export * from './fold';
export * from './graph';
export * from './shape-rules';
export * from './shaped-graph';
export * from './shapes';
export * from './tensor';
export * from './writer';
