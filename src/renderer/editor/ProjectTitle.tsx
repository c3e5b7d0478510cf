import { useState } from 'react';
import type { Project } from '../../shared/api';
import { useServices } from '../app-services';
import { renameProjectCommand } from '../history/project-commands';
import { reportError } from '../state/notices-store';
import { InlineNameEditor } from '../ui/InlineNameEditor';

/** The open project's name in the top bar; click to rename (one undo step). */
export function ProjectTitle({ project }: { project: Project }) {
  const { client, history } = useServices();
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <InlineNameEditor
        initial={project.name}
        label="Project name"
        className="inline-name inline-name--title"
        onCancel={() => setEditing(false)}
        onCommit={(name) => {
          setEditing(false);
          history
            .execute(renameProjectCommand(client, project.id, project.name, name))
            .catch((error: unknown) => reportError('Could not rename the project', error));
        }}
      />
    );
  }
  return (
    <button
      type="button"
      className="breadcrumb__current breadcrumb__title"
      title="Rename project"
      aria-label={`Rename project ${project.name}`}
      onClick={() => setEditing(true)}
    >
      {project.name}
    </button>
  );
}
