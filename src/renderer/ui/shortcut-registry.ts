import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { isTextEntry } from './is-text-entry';
import { chordMatches, type ShortcutHelp } from './shortcut-keys';
import { sliderTakesKey } from './slider-keys';

export { groupShortcuts, SHORTCUT_SCOPES, type ShortcutHelp, type ShortcutScope } from './shortcut-keys';

/**
 * The renderer's shortcut registry: one place that both dispatches keys and tells the shortcuts
 * sheet what exists, so the sheet is generated from the handlers and cannot drift from them.
 *
 * How a panel adds a shortcut (viewers, the rig panel, the timeline, ...):
 *
 *   useShortcut({ id: 'video.play', scope: 'Video', action: 'Play or pause', keys: [['Space']], run: togglePlay });
 *
 * registers while the component is mounted: the registry's one window keydown listener matches the
 * chord and calls `run` (the latest mounted binding of a chord wins). By default a binding does not
 * fire while focus is in a text field (src/renderer/ui/is-text-entry.ts) or while a <dialog> is
 * open; `inTextFields`, `whileDialogOpen` and `when` change that. A focused slider always keeps the
 * keys it moves with (arrows, Home, End, Page Up/Down: slider-keys.ts).
 *
 * Shortcuts handled elsewhere (pointer gestures, keys that belong to a focused control such as a
 * slider, a native dialog's Escape, a listener not yet moved here) register their description with
 * `useShortcutHelp`, called next to that handler, so the sheet still lists them.
 *
 * Keys are tokens: 'Mod' is the command modifier (⌘ on macOS, Ctrl elsewhere; either is accepted),
 * 'Shift' and 'Alt' are modifiers, 'Space', 'Esc', 'Enter', arrows written ← → ↑ ↓, letters and
 * digits, symbols such as '?' (typed with whatever modifier the layout needs), and descriptive
 * tokens for pointer gestures ('Wheel', 'Drag', 'Double-click') that only the sheet shows.
 */

export interface ShortcutBinding extends ShortcutHelp {
  run(event: KeyboardEvent): void;
  /** Fires even while focus is in a text field (default: not). */
  inTextFields?: boolean;
  /** Fires even while a <dialog> is open (default: not). */
  whileDialogOpen?: boolean;
  /** Extra condition checked at key time (false: the key goes on to the next binding or the page). */
  when?(): boolean;
}

type Entry = ShortcutHelp & Partial<Pick<ShortcutBinding, 'run' | 'inTextFields' | 'whileDialogOpen' | 'when'>>;

const entries = new Map<symbol, Entry>();
const listeners = new Set<() => void>();
let snapshot: readonly ShortcutHelp[] = [];
let listening = false;

function changed(): void {
  const seen = new Set<string>();
  const list: ShortcutHelp[] = [];
  for (const { id, scope, action, keys, note } of entries.values()) {
    if (seen.has(id)) continue;
    seen.add(id);
    list.push(note === undefined ? { id, scope, action, keys } : { id, scope, action, keys, note });
  }
  snapshot = list;
  for (const listener of listeners) listener();
}

/** Adds shortcuts (bindings and help); returns the function that removes them again. */
export function registerShortcuts(list: readonly Entry[]): () => void {
  const tokens = list.map((entry) => {
    const token = Symbol(entry.id);
    entries.set(token, entry);
    return token;
  });
  listen();
  changed();
  return () => {
    for (const token of tokens) entries.delete(token);
    changed();
  };
}

/** Every registered shortcut, once per id, in registration order (the same array until one changes). */
export function registeredShortcuts(): readonly ShortcutHelp[] {
  return snapshot;
}

export function subscribeShortcuts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function dispatch(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.isComposing) return;
  const candidates = [...entries.values()].reverse();
  // The focused slider moves with this key: no binding takes it (not even inTextFields ones).
  if (sliderTakesKey(event.target, event)) return;
  const dialogOpen = document.querySelector('dialog[open]') !== null;
  for (const entry of candidates) {
    if (!entry.run || !entry.keys.some((chord) => chordMatches(chord, event))) continue;
    if (!entry.inTextFields && isTextEntry(event.target)) continue;
    if (!entry.whileDialogOpen && dialogOpen) continue;
    if (entry.when && !entry.when()) continue;
    event.preventDefault();
    entry.run(event);
    return;
  }
}

function listen(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener('keydown', dispatch);
}

/**
 * Registers `binding` while the calling component is mounted. The latest `run`, `when` and
 * `enabled` are used at key time, so callers may pass fresh closures on every render.
 */
export function useShortcut(binding: ShortcutBinding & { enabled?: boolean }): void {
  const latest = useRef(binding);
  useLayoutEffect(() => {
    latest.current = binding;
  });
  const { id, scope, action, note, enabled = true, inTextFields, whileDialogOpen } = binding;
  const keys = JSON.stringify(binding.keys);
  useEffect(() => {
    if (!enabled) return undefined;
    return registerShortcuts([
      {
        id,
        scope,
        action,
        keys: JSON.parse(keys) as string[][],
        ...(note === undefined ? {} : { note }),
        inTextFields,
        whileDialogOpen,
        run: (event) => latest.current.run(event),
        when: () => latest.current.when?.() ?? true,
      },
    ]);
  }, [id, scope, action, keys, note, enabled, inTextFields, whileDialogOpen]);
}

/** Lists shortcuts whose handler lives elsewhere (see the file comment) while the caller is mounted. */
export function useShortcutHelp(list: readonly ShortcutHelp[]): void {
  const serialised = JSON.stringify(list);
  useEffect(() => registerShortcuts(JSON.parse(serialised) as ShortcutHelp[]), [serialised]);
}

/** The registered shortcuts, re-rendering when components mount or unmount. */
export function useRegisteredShortcuts(): readonly ShortcutHelp[] {
  return useSyncExternalStore(subscribeShortcuts, registeredShortcuts);
}
