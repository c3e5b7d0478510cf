/** The custom schemes of the desktop app (registered as privileged in protocols.ts). */
export const APP_SCHEME = 'mien-app';
export const MEDIA_SCHEME = 'mien-media';
/** Host part of the app's URLs: mien-app://app/index.html */
export const APP_HOST = 'app';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
/** Origin string Chromium uses for our pages (custom standard schemes have tuple origins in Chromium). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True when `url` is a page of ours: the packaged app (mien-app://app/...) or, in development,
 * the electron-vite dev server. Compares scheme and host explicitly because Node's URL gives
 * custom schemes an opaque "null" origin.
 */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  if (!devServerUrl) return false;
  const dev = new URL(devServerUrl);
  return parsed.protocol === dev.protocol && parsed.host === dev.host;
}
