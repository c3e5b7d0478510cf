/** Public surface of the rig state of each portrait. */
export { rigHandlers } from './rig-handlers';
export { RIG_STATE_MIGRATION } from './rig-store-migration';
export { loadOrFitAssetRig, type AssetRigFit } from './asset-rig-fit';
export { RigStatesRepo } from './rig-states-repo';
