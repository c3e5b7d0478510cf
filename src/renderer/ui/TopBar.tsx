import { UndoRedoButtons } from '../history/UndoRedoButtons';
import { JobsToggle } from '../jobs/JobsToggle';
import { ModelsButton } from '../models/ModelsButton';
import { StyleTransferButton } from '../stylegan/StyleTransferButton';
import { SettingsButton } from '../settings/SettingsButton';
import { useProjectsStore } from '../state/projects-store';
import { useUiStore } from '../state/ui-store';
import { PanelToggles } from '../editor/PanelToggles';
import { ProjectTitle } from '../editor/ProjectTitle';
import { KeyboardShortcuts } from './KeyboardShortcuts';

export function TopBar() {
  const route = useUiStore((state) => state.route);
  const showLibrary = useUiStore((state) => state.showLibrary);
  const project = useProjectsStore((state) =>
    route.screen === 'editor' ? state.projects?.find((candidate) => candidate.id === route.projectId) : undefined,
  );

  return (
    <header className="topbar">
      <div className="topbar__left">
        <span className="topbar__brand" aria-hidden="true">
          <span className="topbar__logo" />
          Mien
        </span>
        <nav className="breadcrumb" aria-label="Location">
          {route.screen === 'library' ? (
            <span className="breadcrumb__current">Projects</span>
          ) : (
            <>
              <button type="button" className="breadcrumb__link" onClick={showLibrary}>
                Projects
              </button>
              <span className="breadcrumb__sep" aria-hidden="true">
                /
              </span>
              {project ? <ProjectTitle project={project} /> : <span className="breadcrumb__current">…</span>}
            </>
          )}
        </nav>
      </div>
      <div className="topbar__right">
        {route.screen === 'editor' && <PanelToggles />}
        {route.screen === 'editor' && <StyleTransferButton projectId={route.projectId} />}
        <UndoRedoButtons />
        <JobsToggle />
        <KeyboardShortcuts />
        <ModelsButton />
        <SettingsButton />
      </div>
    </header>
  );
}
