import { useRigPanelStore } from '../rig/rig-panel-store';
import { useTimelineStore } from '../timeline/timeline-store';
import { useShortcut } from '../ui/shortcut-registry';
import { useLayoutStore } from './layout-store';

/**
 * The editor's panel switches in the top bar: the photos-and-tracks sidebar, the timeline and the
 * rig panel, each a pressed/unpressed button with its key (P, T, R). Dragging a panel's edge closed
 * does the same.
 */
export function PanelToggles() {
  const sidebarOpen = useLayoutStore((state) => state.sidebarOpen);
  const rigOpen = useRigPanelStore((state) => state.open);
  const toggleSidebar = () => useLayoutStore.getState().setSidebarOpen(!useLayoutStore.getState().sidebarOpen);
  const toggleRig = () => useRigPanelStore.getState().setOpen(!useRigPanelStore.getState().open);
  const timelineOpen = useTimelineStore((state) => state.open);
  const toggleTimeline = () => useTimelineStore.getState().setOpen(!useTimelineStore.getState().open);
  useShortcut({
    id: 'editor.timeline',
    scope: 'Editor',
    action: 'Show or hide the timeline',
    keys: [['T']],
    run: toggleTimeline,
  });
  useShortcut({
    id: 'editor.sidebar',
    scope: 'Editor',
    action: 'Show or hide the photos and tracks',
    keys: [['P']],
    run: toggleSidebar,
  });
  useShortcut({
    id: 'editor.rig',
    scope: 'Editor',
    action: 'Show or hide the rig panel',
    keys: [['R']],
    run: toggleRig,
  });

  return (
    <div className="panel-toggles" role="group" aria-label="Panels">
      <button
        type="button"
        className="button button--ghost panel-toggle"
        aria-pressed={sidebarOpen}
        aria-controls="editor-sidebar"
        title="Photos and tracks (P)"
        onClick={toggleSidebar}
      >
        <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
          <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" fill="none" stroke="currentColor" />
          <rect x="2" y="3" width="4.5" height="10" fill="currentColor" opacity={sidebarOpen ? 0.9 : 0.25} />
        </svg>
        Photos
      </button>
      <button
        type="button"
        className="button button--ghost panel-toggle"
        aria-pressed={timelineOpen}
        aria-controls="editor-timeline"
        aria-label="Timeline"
        title="Timeline (T)"
        onClick={toggleTimeline}
      >
        <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
          <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" fill="none" stroke="currentColor" />
          <rect x="2" y="9" width="12" height="4" fill="currentColor" opacity={timelineOpen ? 0.9 : 0.25} />
        </svg>
        Timeline
      </button>
      <button
        type="button"
        className="button button--ghost panel-toggle"
        aria-pressed={rigOpen}
        aria-controls="editor-rig"
        aria-label="Rig panel"
        title="Rig panel (R)"
        onClick={toggleRig}
      >
        <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
          <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" fill="none" stroke="currentColor" />
          <rect x="9.5" y="3" width="4.5" height="10" fill="currentColor" opacity={rigOpen ? 0.9 : 0.25} />
        </svg>
        Rig
      </button>
    </div>
  );
}
