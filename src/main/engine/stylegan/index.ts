/** Public surface of method A (docs/stylegan.md): inversions, the style backend, transfers. */
export { styleganHandlers } from './stylegan-handlers';
export { STYLE_INVERSIONS_MIGRATION } from './stylegan-store-migration';
export { InversionsRepo } from './inversions-repo';
