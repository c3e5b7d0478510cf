export * from './errors';
export * from './models';
export * from './methods';
export * from './events';
export * from './wire';
export type { MienClient } from './client';
