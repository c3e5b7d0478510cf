/**
 * The page's localStorage and window events, reached without the DOM's types so that stores using
 * them also load in the Node unit tests (tsconfig.node.json has no DOM), as yield-to-preview.ts
 * does for requestAnimationFrame. Outside a page: nothing is stored and no listener is added.
 */
interface PageGlobals {
  localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  addEventListener?(type: string, listener: () => void): void;
}

const page = globalThis as unknown as PageGlobals;

/** The stored string, or null (nothing stored, storage refused, or no page). */
export function readStored(key: string): string | null {
  try {
    return page.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Stores a string; storage refused or no page: the value lasts for this session only. */
export function writeStored(key: string, value: string): void {
  try {
    page.localStorage?.setItem(key, value);
  } catch {
    // Storage refused (private mode, quota): nothing to do but carry on.
  }
}

/** Listens for a window event (beforeunload, pagehide) when there is a page. */
export function onPageEvent(type: string, listener: () => void): void {
  page.addEventListener?.(type, listener);
}
