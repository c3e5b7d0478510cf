/** The user's installed models (docs/models.md): install, verify, list, remove. */
export { ModelManager, idFromFileName, type InstallRequest, type ListedModels } from './model-manager';
export { InstalledModel, INSTALLED_MODEL_FILE, INSTALLED_RECORD_FILE } from './installed-model';
export { modelManagerHandlers } from './model-handlers';
