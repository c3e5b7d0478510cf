import { useState } from 'react';
import type { Project } from '../../shared/api';
import { useServices } from '../app-services';
import { reportError, useNoticesStore } from '../state/notices-store';
import { useProjectsStore } from '../state/projects-store';
import { useUiStore } from '../state/ui-store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { useShortcutHelp, type ShortcutHelp } from '../ui/shortcut-registry';
import { NewProjectCard } from './NewProjectCard';
import { ProjectCard } from './ProjectCard';
import { describeProjectContents } from './project-contents';

/** ProjectCard.tsx (F2), InlineNameEditor.tsx and NewProjectCard.tsx (Enter / Esc) handle these. */
const PROJECT_SHORTCUTS: readonly ShortcutHelp[] = [
  { id: 'projects.rename', scope: 'Projects', action: 'Rename the focused project', keys: [['F2']] },
  { id: 'projects.name', scope: 'Projects', action: 'Save or cancel a name', keys: [['Enter'], ['Esc']] },
];

/** All projects as cards: create, open, rename, duplicate, delete (after confirmation). */
export function LibraryScreen() {
  useShortcutHelp(PROJECT_SHORTCUTS);
  const { client, history } = useServices();
  const projects = useProjectsStore((state) => state.projects);
  const loadError = useProjectsStore((state) => state.error);
  const openProject = useUiStore((state) => state.openProject);
  const [creating, setCreating] = useState(false);
  const [pendingDelete, setPendingDelete] = useState<Project | null>(null);
  const [deleting, setDeleting] = useState(false);

  const refresh = () => useProjectsStore.getState().refresh(client);

  const create = async (name: string) => {
    try {
      const project = await client.call('projects.create', { name });
      setCreating(false);
      await refresh();
      // A new project is made to be worked on: open it (an empty project starts at its import prompt).
      openProject(project.id);
    } catch (error) {
      reportError('Could not create the project', error);
    }
  };

  const duplicate = async (project: Project) => {
    try {
      const copy = await client.call('projects.duplicate', { id: project.id });
      await refresh();
      useNoticesStore.getState().push('info', `Duplicated as “${copy.name}”.`, { about: copy.id });
    } catch (error) {
      reportError(`Could not duplicate “${project.name}”`, error);
    }
  };

  const confirmDelete = async () => {
    if (!pendingDelete) return;
    setDeleting(true);
    try {
      await client.call('projects.delete', { id: pendingDelete.id });
      // Deleting cannot be undone, so earlier edits of this project can no longer be undone either.
      history.dropScope(pendingDelete.id);
      useNoticesStore.getState().dismissAbout(pendingDelete.id);
      setPendingDelete(null);
      await refresh();
    } catch (error) {
      reportError(`Could not delete “${pendingDelete.name}”`, error);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <main className="library" aria-labelledby="library-title">
      <div className="library__header">
        <div>
          <h1 id="library-title" className="library__title">
            Projects
          </h1>
          <p className="library__subtitle">
            {projects === null
              ? 'Loading…'
              : projects.length === 0
                ? 'No projects yet. Create one and import a portrait to start.'
                : `${projects.length} project${projects.length === 1 ? '' : 's'}`}
          </p>
        </div>
        <button type="button" className="button button--primary" onClick={() => setCreating(true)} disabled={creating}>
          <span aria-hidden="true">+</span> New project
        </button>
      </div>
      {loadError && (
        <p className="inline-error" role="alert">
          Could not load projects: {loadError}
        </p>
      )}
      <ul className="project-grid" aria-label="Projects">
        {creating && (
          <li>
            <NewProjectCard onCreate={create} onCancel={() => setCreating(false)} />
          </li>
        )}
        {projects?.map((project) => (
          <li key={project.id}>
            <ProjectCard
              project={project}
              onOpen={() => openProject(project.id)}
              onDuplicate={() => void duplicate(project)}
              onDelete={() => setPendingDelete(project)}
            />
          </li>
        ))}
      </ul>
      {pendingDelete && (
        <ConfirmDialog
          title={`Delete “${pendingDelete.name}”?`}
          confirmLabel="Delete project"
          tone="danger"
          busy={deleting}
          onCancel={() => setPendingDelete(null)}
          onConfirm={() => void confirmDelete()}
        >
          {describeProjectContents(pendingDelete) !== null
            ? `The project and what it holds (${describeProjectContents(pendingDelete)}) will be removed. `
            : 'The project will be removed. '}
          This cannot be undone.
        </ConfirmDialog>
      )}
    </main>
  );
}
