import { useState } from 'react';
import type { Project } from '../../shared/api';
import { useServices } from '../app-services';
import { renameProjectCommand } from '../history/project-commands';
import { reportError } from '../state/notices-store';
import { formatRelativeTime } from '../ui/format';
import { InlineNameEditor } from '../ui/InlineNameEditor';
import { describeProjectContents } from './project-contents';

interface ProjectCardProps {
  project: Project;
  onOpen(): void;
  onDuplicate(): void;
  onDelete(): void;
}

/** One project: thumbnail and name (each opens it; F2 or Rename edits the name in place), actions. */
export function ProjectCard({ project, onOpen, onDuplicate, onDelete }: ProjectCardProps) {
  const { client, history } = useServices();
  const [renaming, setRenaming] = useState(false);

  const rename = (name: string) => {
    setRenaming(false);
    history
      .execute(renameProjectCommand(client, project.id, project.name, name))
      .catch((error: unknown) => reportError(`Could not rename “${project.name}”`, error));
  };

  return (
    <article
      className="project-card"
      aria-label={project.name}
      data-project-id={project.id}
      onKeyDown={(event) => {
        if (event.key === 'F2' && !renaming) {
          event.preventDefault();
          setRenaming(true);
        }
      }}
    >
      <button type="button" className="project-card__thumb" onClick={onOpen} aria-label={`Open ${project.name}`}>
        {project.thumbnailSha256 ? (
          <img
            className="project-card__image"
            src={client.mediaUrl(project.thumbnailSha256)}
            alt=""
            draggable={false}
            data-testid="project-thumbnail"
          />
        ) : (
          <span className="project-card__initial" aria-hidden="true">
            {initials(project.name)}
          </span>
        )}
      </button>
      <div className="project-card__body">
        {renaming ? (
          <InlineNameEditor
            initial={project.name}
            label="Project name"
            onCommit={rename}
            onCancel={() => setRenaming(false)}
          />
        ) : (
          <h2 className="project-card__name">
            {/* Opens the project like the thumbnail (the README's "click one to open it"). Renaming is
                F2 here or the Rename button: a double-click cannot rename what the first click opens. */}
            <button
              type="button"
              className="project-card__open-name"
              title={`${project.name}: open (F2 renames)`}
              onClick={onOpen}
            >
              {project.name}
            </button>
          </h2>
        )}
        <p className="project-card__meta">
          {describeProjectContents(project) ?? 'Nothing imported yet'}
          <span aria-hidden="true"> · </span>
          edited {formatRelativeTime(project.updatedAt)}
        </p>
        <div className="project-card__actions">
          <button type="button" className="button button--small" onClick={onOpen}>
            Open
          </button>
          <button type="button" className="button button--small button--ghost" onClick={() => setRenaming(true)}>
            Rename
          </button>
          <button type="button" className="button button--small button--ghost" onClick={onDuplicate}>
            Duplicate
          </button>
          <button type="button" className="button button--small button--ghost button--danger-text" onClick={onDelete}>
            Delete
          </button>
        </div>
      </div>
    </article>
  );
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return (words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : name.slice(0, 2)).toUpperCase() || '?';
}
