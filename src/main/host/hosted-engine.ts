import type { Engine } from '../engine/engine';

/** The part of the Engine a transport needs: hosts move messages, the engine validates and works. */
export type HostedEngine = Pick<
  Engine,
  'handle' | 'closeConnection' | 'onEvent' | 'openStream' | 'resolveBlob' | 'resolveExport'
>;
