import packageJson from '../../../package.json';

/** The app version from package.json, inlined at build time by Vite and read directly by tsx/vitest. */
export const appVersion: string = packageJson.version;
