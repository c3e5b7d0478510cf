import { useEffect, useState, type ReactNode } from 'react';
import {
  Group,
  Panel,
  Separator,
  useDefaultLayout,
  usePanelRef,
  type PanelImperativeHandle,
  type PanelSize,
} from 'react-resizable-panels';
import { useRigPanelStore } from '../rig/rig-panel-store';
import { useTimelineStore } from '../timeline/timeline-store';
import { useLayoutStore } from './layout-store';
import { rememberedOpenSize, rememberOpenSize, type CollapsiblePanel } from './open-sizes';

/** Below these the panels stop being useful: 200 px shows two thumbnails, 300 px a rig slider row. */
const SIDEBAR = { defaultPx: 236, minPx: 200, maxPx: 440 };
const RIG = { defaultPx: 320, minPx: 300, maxPx: 560 };
const STAGE_MIN_PX = 360;
/** The timeline under the stage: 240 px shows the toolbar, the ruler and eight rows at 1280x720. */
const TIMELINE = { defaultPx: 240, minPx: 170, maxPx: 640 };
const VIEWER_MIN_PX = 180;

/**
 * The editor's three columns: sidebar (photos, tracks), stage (viewer over the timeline), rig panel. Side panels are
 * resizable by their edge (react-resizable-panels: pointer and keyboard resizing, a well-kept
 * library, rather than our own drag code) and collapsible, from the top bar's switches (P, R) or by
 * dragging an edge below its minimum. Widths are remembered per browser profile. At 1280x720 the
 * defaults leave the stage about 720 px.
 */
export function EditorLayout({
  sidebar,
  stage,
  rig,
  timeline,
}: {
  sidebar: ReactNode;
  stage: ReactNode;
  rig: ReactNode | null;
  timeline: ReactNode | null;
}) {
  const sidebarOpen = useLayoutStore((state) => state.sidebarOpen);
  const rigOpen = useRigPanelStore((state) => state.open);
  const timelineOpen = useTimelineStore((state) => state.open);
  // Each panel's default size as the editor opened, never changed after: a Panel whose defaultSize
  // changes registers afresh and forgets the size it had when collapsed, so it would reopen at its
  // minimum (and that width would be saved).
  const [defaultSizes] = useState(() => ({
    sidebar: sidebarOpen ? SIDEBAR.defaultPx : 0,
    rig: rigOpen ? RIG.defaultPx : 0,
    timeline: timelineOpen ? TIMELINE.defaultPx : 0,
  }));
  const sidebarRef = usePanelRef();
  const rigRef = usePanelRef();
  const timelineRef = usePanelRef();
  const stageLayout = useDefaultLayout({
    id: 'mien.editor-stage-layout',
    panelIds: ['viewer', 'timeline'],
    storage: localStorage,
  });
  const { defaultLayout, onLayoutChanged } = useDefaultLayout({
    id: 'mien.editor-layout',
    panelIds: ['sidebar', 'stage', 'rig'],
    storage: localStorage,
  });

  // The switches (store) drive the panels; a panel dragged closed or open drives the switch (onResize).
  useEffect(() => {
    const panel = sidebarRef.current;
    if (!panel || panel.isCollapsed() === !sidebarOpen) return;
    if (sidebarOpen) expandToRememberedSize(panel, 'sidebar');
    else panel.collapse();
  }, [sidebarOpen, sidebarRef]);
  useEffect(() => {
    const panel = rigRef.current;
    if (!panel || panel.isCollapsed() === !rigOpen) return;
    if (rigOpen) expandToRememberedSize(panel, 'rig');
    else panel.collapse();
  }, [rigOpen, rigRef]);

  useEffect(() => {
    const panel = timelineRef.current;
    if (!panel || panel.isCollapsed() === !timelineOpen) return;
    if (timelineOpen) {
      panel.expand();
      // Opened for the first time (or dragged down to its minimum before): give it a useful height.
      if (panel.getSize().inPixels < TIMELINE.defaultPx) panel.resize(TIMELINE.defaultPx);
    } else panel.collapse();
  }, [timelineOpen, timelineRef]);

  const followTimeline = (size: PanelSize) => {
    const open = size.inPixels > 1;
    if (open !== useTimelineStore.getState().open) useTimelineStore.getState().setOpen(open);
  };
  const followSidebar = (size: PanelSize) => {
    const open = size.inPixels > 1;
    if (open) rememberOpenSize('sidebar', size.inPixels);
    if (open !== useLayoutStore.getState().sidebarOpen) useLayoutStore.getState().setSidebarOpen(open);
  };
  const followRig = (size: PanelSize) => {
    const open = size.inPixels > 1;
    if (open) rememberOpenSize('rig', size.inPixels);
    if (open !== useRigPanelStore.getState().open) useRigPanelStore.getState().setOpen(open);
  };

  return (
    <Group
      orientation="horizontal"
      className="editor__panels"
      defaultLayout={defaultLayout}
      onLayoutChanged={onLayoutChanged}
    >
      <Panel
        id="sidebar"
        panelRef={sidebarRef}
        className="editor__panel"
        defaultSize={defaultSizes.sidebar}
        minSize={SIDEBAR.minPx}
        maxSize={SIDEBAR.maxPx}
        collapsible
        collapsedSize={0}
        groupResizeBehavior="preserve-pixel-size"
        onResize={followSidebar}
      >
        <div id="editor-sidebar" className="editor__panel-body">
          {sidebarOpen && sidebar}
        </div>
      </Panel>
      <Separator className="panel-separator" aria-label="Resize the photos panel" />
      <Panel id="stage" className="editor__panel" minSize={STAGE_MIN_PX}>
        <Group
          orientation="vertical"
          className="editor__stage-split"
          defaultLayout={stageLayout.defaultLayout}
          onLayoutChanged={stageLayout.onLayoutChanged}
        >
          <Panel id="viewer" className="editor__panel" minSize={VIEWER_MIN_PX}>
            {stage}
          </Panel>
          <Separator className="panel-separator panel-separator--horizontal" aria-label="Resize the timeline" />
          <Panel
            id="timeline"
            panelRef={timelineRef}
            className="editor__panel"
            defaultSize={defaultSizes.timeline}
            minSize={TIMELINE.minPx}
            maxSize={TIMELINE.maxPx}
            collapsible
            collapsedSize={0}
            groupResizeBehavior="preserve-pixel-size"
            onResize={followTimeline}
          >
            <div id="editor-timeline" className="editor__panel-body">
              {timelineOpen &&
                (timeline ?? (
                  <section className="timeline" aria-label="Timeline">
                    <div className="panel-header">
                      <h2 className="panel-header__title">Timeline</h2>
                    </div>
                    <p className="panel-hint">Import a portrait photo to animate it here.</p>
                  </section>
                ))}
            </div>
          </Panel>
        </Group>
      </Panel>
      {/* Always mounted (panels added later lose their constraints); empty until there is a photo. */}
      <Separator className="panel-separator" aria-label="Resize the rig panel" />
      <Panel
        id="rig"
        panelRef={rigRef}
        className="editor__panel"
        defaultSize={defaultSizes.rig}
        minSize={RIG.minPx}
        maxSize={RIG.maxPx}
        collapsible
        collapsedSize={0}
        groupResizeBehavior="preserve-pixel-size"
        onResize={followRig}
      >
        <div id="editor-rig" className="editor__panel-body">
          {rigOpen &&
            (rig ?? (
              <aside className="rig-panel" aria-label="Rig">
                <div className="panel-header">
                  <h2 className="panel-header__title">Rig</h2>
                </div>
                <p className="panel-hint">Import a portrait photo to edit its expression here.</p>
              </aside>
            ))}
        </div>
      </Panel>
    </Group>
  );
}

/**
 * Opens a collapsed panel at the size it last had open: the group restores that itself within a
 * session, but not after a reload (its saved layout holds 0 for a closed panel, and it would open at
 * the minimum).
 */
function expandToRememberedSize(panel: PanelImperativeHandle, which: CollapsiblePanel): void {
  panel.expand();
  const remembered = rememberedOpenSize(which);
  if (remembered !== null) panel.resize(remembered);
}
