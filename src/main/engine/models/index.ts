/** Public surface of the model layer: prepared-model manifest, verified sessions, input normalisation. */
export { ModelRegistry, type ModelSession, type VerifiedModel } from './registry';
export {
  EXECUTION_PROVIDERS,
  createSessionWithFallback,
  providersInThisBuild,
  type CreatedSession,
  type ExecutionProviderName,
  type SessionRequest,
} from './sessions';
export { MANIFEST_FILE, type ManifestModel, type ModelManifest, type ModelRole, type Normalisation } from './manifest';
export { normalisePixels } from './normalise';
export { INSTALLED_MODEL_FILE, ModelManager, modelManagerHandlers } from './manager';
