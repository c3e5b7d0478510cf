import { EditorScreen } from './editor/EditorScreen';
import { usePreventStrayFileDrops } from './editor/use-file-drop';
import { useHistoryReach, useUndoShortcuts } from './history/use-history';
import { JobsDrawer } from './jobs/JobsDrawer';
import { LibraryScreen } from './library/LibraryScreen';
import { ConnectionBanner } from './startup/ConnectionBanner';
import { ReadOnlyBanner } from './startup/ReadOnlyBanner';
import { StartupGate } from './startup/StartupGate';
import { useEngineSync } from './state/use-engine-sync';
import { useUiStore } from './state/ui-store';
import { Notices } from './ui/Notices';
import { TopBar } from './ui/TopBar';

export function App() {
  return (
    <StartupGate>
      <Shell />
    </StartupGate>
  );
}

/** The window once the engine is ready: top bar, the current screen, the jobs drawer. */
function Shell() {
  useEngineSync();
  useUndoShortcuts();
  useHistoryReach();
  usePreventStrayFileDrops();
  const route = useUiStore((state) => state.route);
  return (
    <div className="shell">
      <TopBar />
      <ConnectionBanner />
      <ReadOnlyBanner />
      <div className="shell__main">
        {route.screen === 'library' ? (
          <LibraryScreen />
        ) : (
          <EditorScreen key={route.projectId} projectId={route.projectId} />
        )}
      </div>
      <JobsDrawer />
      <Notices />
    </div>
  );
}
