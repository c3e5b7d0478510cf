/** The part of sessionStorage used here (typed structurally so Node-side tests can pass a Map-backed one). */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Where the per-launch token is kept so a reload of a URL without `?token=` still connects. */
export const TOKEN_STORAGE_KEY = 'mien.webToken';

/**
 * The web host's per-launch token: from `?token=` in the page URL (and remembered for this tab in
 * sessionStorage), else the one remembered earlier, else null (the host's cookie may still
 * authorise the socket; a 4401 close says it did not).
 */
export function resolveWebToken(search: string, storage: TokenStorage | null): string | null {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    try {
      storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled (privacy settings); the URL and the host's cookie still work.
    }
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
