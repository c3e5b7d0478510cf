/**
 * Every keyboard and pointer shortcut of the renderer, grouped by area: the one list the shortcuts
 * sheet renders. Each entry names where its handler lives so the list can be checked against the
 * code when a shortcut changes (grep for keydown / onKeyDown / onDoubleClick in src/renderer).
 *
 * Keys are written as tokens: 'Mod' is the platform's command modifier (⌘ on macOS, Ctrl
 * elsewhere), 'Shift' is ⇧ on macOS; other tokens are shown as written.
 */

export interface Shortcut {
  /** What the shortcut does, starting with a verb. */
  action: string;
  /** Alternatives, any of which works; each is a chord of tokens pressed together. */
  keys: string[][];
  /** Where or when it applies, when that is narrower than its area. */
  note?: string;
}

export interface ShortcutGroup {
  area: string;
  shortcuts: Shortcut[];
}

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    // ui/KeyboardShortcuts.tsx; Escape is the native <dialog> cancel, jobs/JobsDrawer.tsx for the drawer.
    area: 'General',
    shortcuts: [
      { action: 'Show keyboard shortcuts', keys: [['?']] },
      { action: 'Close a dialog or the jobs drawer', keys: [['Esc']] },
    ],
  },
  {
    // history/use-history.ts (useUndoShortcuts): not while typing in a text field.
    area: 'History',
    shortcuts: [
      { action: 'Undo', keys: [['Mod', 'Z']] },
      {
        action: 'Redo',
        keys: [
          ['Mod', 'Shift', 'Z'],
          ['Mod', 'Y'],
        ],
      },
    ],
  },
  {
    // editor/PhotoViewer.tsx: no modifiers, not while typing or while a dialog is open.
    area: 'Photo viewer',
    shortcuts: [
      { action: 'Zoom in', keys: [['+'], ['=']] },
      { action: 'Zoom out', keys: [['-']] },
      { action: 'Fit to the window', keys: [['0'], ['F']] },
      { action: 'Actual size (100%)', keys: [['1']] },
      { action: 'Zoom at the pointer', keys: [['Wheel']] },
      { action: 'Pan', keys: [['Drag'], ['←↑→↓']], note: 'Arrow keys when the photo has focus' },
      // preview/PreviewToggle.tsx: also from a focused rig slider.
      { action: 'Show the original photo or the edited portrait', keys: [['\\']] },
    ],
  },
  {
    // face/FaceLayerToggles.tsx (photos) and tracks/VideoViewer.tsx (M only, for videos).
    area: 'Face overlays',
    shortcuts: [
      { action: 'Show or hide the mesh', keys: [['M']], note: 'Photos and videos' },
      { action: 'Show or hide the face boxes', keys: [['B']], note: 'Photos' },
      { action: 'Show or hide the expression', keys: [['E']], note: 'Photos' },
    ],
  },
  {
    // rig/RigSlider.tsx: the slider needs focus; steps come from rig/rig-groups.ts controlRange.
    area: 'Rig sliders',
    shortcuts: [
      { action: 'Nudge by one step', keys: [['←'], ['→']], note: 'Also ↓ / ↑; 1° or 0.01' },
      {
        action: 'Nudge by a big step',
        keys: [
          ['Shift', '←'],
          ['Shift', '→'],
        ],
        note: '5° or 0.1',
      },
      { action: 'Reset to the photo’s value', keys: [['Double-click']], note: 'On the slider or its name' },
      { action: 'Apply or discard a typed value', keys: [['Enter'], ['Esc']] },
    ],
  },
  {
    // library/ProjectCard.tsx (F2), ui/InlineNameEditor.tsx and library/NewProjectCard.tsx (Enter / Esc).
    area: 'Projects',
    shortcuts: [
      { action: 'Rename the focused project', keys: [['F2']] },
      { action: 'Save or cancel a name', keys: [['Enter'], ['Esc']] },
    ],
  },
];

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
