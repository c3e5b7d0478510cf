/** The registry's pure parts (no DOM): scopes, chords and grouping; see shortcut-registry.ts. */

/** The sheet's sections, in the order it shows them; a scope not listed here comes after these. */
export const SHORTCUT_SCOPES = [
  'General',
  'History',
  'Editor',
  'Photo viewer',
  'Face overlays',
  'Mask painting',
  'Video',
  'Tracks',
  'Rig',
  'Rig sliders',
  'Timeline',
  'Jobs',
  'Projects',
] as const;
export type ShortcutScope = (typeof SHORTCUT_SCOPES)[number];

export interface ShortcutHelp {
  /** Stable name, e.g. 'video.play'; the sheet lists each id once however many components register it. */
  id: string;
  scope: ShortcutScope;
  /** What it does, starting with a verb. */
  action: string;
  /** Alternatives, any of which works; each is a chord of tokens pressed together. */
  keys: string[][];
  /** Where or when it applies, when that is narrower than its scope. */
  note?: string;
}

/** Groups shortcuts by scope in SHORTCUT_SCOPES order, for the sheet. */
export function groupShortcuts(list: readonly ShortcutHelp[]): Array<{ scope: string; shortcuts: ShortcutHelp[] }> {
  const byScope = new Map<string, ShortcutHelp[]>();
  for (const shortcut of list) byScope.set(shortcut.scope, [...(byScope.get(shortcut.scope) ?? []), shortcut]);
  const order = (scope: string) => {
    const index = (SHORTCUT_SCOPES as readonly string[]).indexOf(scope);
    return index === -1 ? SHORTCUT_SCOPES.length : index;
  };
  return [...byScope.entries()]
    .sort(([a], [b]) => order(a) - order(b))
    .map(([scope, shortcuts]) => ({ scope, shortcuts }));
}

/** The parts of a KeyboardEvent a chord is matched against. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const NAMED_KEYS: Readonly<Record<string, string>> = {
  Space: ' ',
  Esc: 'Escape',
  Enter: 'Enter',
  '←': 'ArrowLeft',
  '→': 'ArrowRight',
  '↑': 'ArrowUp',
  '↓': 'ArrowDown',
  F2: 'F2',
  Home: 'Home',
  End: 'End',
  Delete: 'Delete',
  Backspace: 'Backspace',
};

/** True when `press` is the chord: exactly its modifiers (Shift ignored for symbols like '?'), and its key. */
export function chordMatches(chord: readonly string[], press: KeyPress): boolean {
  const key = chord.at(-1);
  if (key === undefined) return false;
  const modifiers = new Set(chord.slice(0, -1));
  if (modifiers.has('Mod') !== (press.ctrlKey || press.metaKey)) return false;
  if (modifiers.has('Alt') !== press.altKey) return false;
  const named = NAMED_KEYS[key];
  if (named !== undefined) return press.key === named && modifiers.has('Shift') === press.shiftKey;
  if (/^[a-z0-9]$/i.test(key)) {
    return press.key.toLowerCase() === key.toLowerCase() && modifiers.has('Shift') === press.shiftKey;
  }
  // '?', '+', '=': the layout decides whether Shift is needed to type them.
  return press.key === key;
}
