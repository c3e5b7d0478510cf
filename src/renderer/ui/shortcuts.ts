/** How the shortcuts sheet writes key tokens (src/renderer/ui/shortcut-registry.ts defines the tokens). */

const MAC_TOKENS: Readonly<Record<string, string>> = { Mod: '⌘', Shift: '⇧', Alt: '⌥' };
const OTHER_TOKENS: Readonly<Record<string, string>> = { Mod: 'Ctrl' };

/** A chord's tokens as the platform writes them: ⌘ and ⇧ on macOS, Ctrl and Shift elsewhere. */
export function platformKeys(chord: readonly string[], mac: boolean): string[] {
  const names = mac ? MAC_TOKENS : OTHER_TOKENS;
  return chord.map((token) => names[token] ?? token);
}

/** True on macOS (and iOS), where the command modifier is ⌘. */
export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}
