import { useMaskPaintingStore } from '../masks/mask-painting-store';
import { useShortcut } from '../ui/shortcut-registry';
import {
  copyKeys,
  deleteSelection,
  frameAll,
  goToEnd,
  goToStart,
  keyAtPlayhead,
  pasteKeysAtPlayhead,
  selectAllKeys,
  stepFrames,
} from './timeline-actions';
import type { TimelineEdits } from './timeline-edits';
import { useTimelineStore } from './timeline-store';

/** Frames Shift+←/→ moves the playhead. */
export const BIG_STEP_FRAMES = 10;

/** The photo viewer pans with the arrows while it has focus: leave them to it then. */
const photoHasFocus = () => document.activeElement?.classList.contains('viewer__stage') ?? false;

/**
 * The timeline's keys (registered while the panel shows the portrait on the stage; a video on the
 * stage keeps Space and the arrows). Undo and redo are the app's own Ctrl/Cmd+Z and Shift+Z.
 * F frames all only while the pointer or focus is in the timeline, so F still fits the photo.
 */
export function useTimelineShortcuts(options: {
  enabled: boolean;
  edits: TimelineEdits;
  togglePlay(): void;
  lanesWidth(): number;
  pointerInside(): boolean;
}): void {
  const { enabled, edits, togglePlay } = options;
  const scope = 'Timeline' as const;
  useShortcut({
    id: 'timeline.play',
    scope,
    action: 'Play or pause',
    keys: [['Space']],
    enabled,
    // While a mask is painted, Space held pans the photo.
    when: () => useMaskPaintingStore.getState().target === null,
    run: togglePlay,
  });
  useShortcut({
    id: 'timeline.start',
    scope,
    action: 'Go to the first frame',
    keys: [['Home']],
    enabled,
    run: goToStart,
  });
  useShortcut({ id: 'timeline.end', scope, action: 'Go to the last frame', keys: [['End']], enabled, run: goToEnd });
  useShortcut({
    id: 'timeline.step',
    scope,
    action: 'Previous or next frame',
    keys: [['←'], ['→']],
    enabled,
    when: () => !photoHasFocus(),
    run: (event) => stepFrames(event.key === 'ArrowLeft' ? -1 : 1),
  });
  useShortcut({
    id: 'timeline.step-big',
    scope,
    action: `Move ${BIG_STEP_FRAMES} frames`,
    keys: [
      ['Shift', '←'],
      ['Shift', '→'],
    ],
    enabled,
    when: () => !photoHasFocus(),
    run: (event) => stepFrames(event.key === 'ArrowLeft' ? -BIG_STEP_FRAMES : BIG_STEP_FRAMES),
  });
  useShortcut({
    id: 'timeline.key',
    scope,
    action: 'Key at the playhead',
    note: 'The picked tracks, else the whole pose (animated or changed from the photo)',
    keys: [['K']],
    enabled,
    run: () => keyAtPlayhead(edits),
  });
  useShortcut({
    id: 'timeline.delete',
    scope,
    action: 'Delete the selected keys',
    keys: [['Delete'], ['Backspace']],
    enabled,
    when: () => useTimelineStore.getState().selection.size > 0,
    run: () => deleteSelection(edits),
  });
  useShortcut({
    id: 'timeline.copy',
    scope,
    action: 'Copy the selected keys',
    keys: [['Mod', 'C']],
    enabled,
    // Text selected on the page is copied as text instead.
    when: () => useTimelineStore.getState().selection.size > 0 && !window.getSelection()?.toString(),
    run: () => copyKeys(),
  });
  useShortcut({
    id: 'timeline.paste',
    scope,
    action: 'Paste keys at the playhead',
    note: 'Also into another scene',
    keys: [['Mod', 'V']],
    enabled,
    run: () => pasteKeysAtPlayhead(edits),
  });
  useShortcut({
    id: 'timeline.select-all',
    scope,
    action: 'Select every key',
    keys: [['Mod', 'A']],
    enabled,
    when: options.pointerInside,
    run: selectAllKeys,
  });
  useShortcut({
    id: 'timeline.deselect',
    scope,
    action: 'Clear the key selection',
    keys: [['Esc']],
    enabled,
    when: () => useTimelineStore.getState().selection.size > 0,
    run: () => useTimelineStore.setState({ selection: new Set() }),
  });
  useShortcut({
    id: 'timeline.frame-all',
    scope,
    action: 'Frame the whole scene',
    note: 'Pointer over the timeline',
    keys: [['F']],
    enabled,
    when: options.pointerInside,
    run: () => frameAll(options.lanesWidth()),
  });
}
