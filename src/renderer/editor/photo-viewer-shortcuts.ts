import type { ShortcutHelp } from '../ui/shortcut-registry';

/**
 * The photo viewer's keys and gestures, as PhotoViewer.tsx handles them (its own listeners: no
 * modifiers, not while typing or while a dialog is open; arrows only when the photo has focus).
 * Keep in step with that handler: it registers this list for the shortcuts sheet.
 */
export const PHOTO_VIEWER_SHORTCUTS: readonly ShortcutHelp[] = [
  { id: 'photo.zoom-in', scope: 'Photo viewer', action: 'Zoom in', keys: [['+'], ['=']] },
  { id: 'photo.zoom-out', scope: 'Photo viewer', action: 'Zoom out', keys: [['-']] },
  {
    id: 'photo.fit',
    scope: 'Photo viewer',
    action: 'Fit to the window',
    keys: [['0'], ['F']],
    note: 'F frames the timeline instead while the pointer is over it',
  },
  { id: 'photo.actual-size', scope: 'Photo viewer', action: 'Actual size (100%)', keys: [['1']] },
  { id: 'photo.wheel-zoom', scope: 'Photo viewer', action: 'Zoom at the pointer', keys: [['Wheel']] },
  {
    id: 'photo.pan',
    scope: 'Photo viewer',
    action: 'Pan',
    keys: [['Drag'], ['←↑→↓']],
    note: 'Arrow keys when the photo has focus',
  },
];
