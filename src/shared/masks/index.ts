/**
 * Painted layer masks (pure): the face-space atlas they live in, the photo <-> atlas mapping of a
 * fitted face, brush strokes, whole-mask edits, the per-vertex weights a generator applies, and the
 * grey PNG they are stored as. See docs/generator.md ("Masks").
 */
export * from './atlas-layout';
export * from './face-atlas';
export * from './grey-image';
export * from './brush';
export * from './mask-operations';
export * from './layer-weights';
export * from './grey-png';
export { TriangleLocator, type TriangleHit } from './triangle-locator';
