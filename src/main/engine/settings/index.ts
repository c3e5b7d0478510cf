/** Public surface of user settings. */
export { SettingsFile, SETTINGS_FILE, DEFAULT_SETTINGS } from './settings-file';
export { settingsHandlers } from './settings-handlers';
