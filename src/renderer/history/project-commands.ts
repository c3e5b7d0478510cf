import type { MienClient } from '../../shared/api';
import { setValueCommand, type Command } from '../../shared/history';
import { useProjectsStore } from '../state/projects-store';

/**
 * "rename project": undo renames it back. Scoped to the project so deleting it drops the step; a
 * library step, so the Projects page can undo it (the library shows the name).
 */
export function renameProjectCommand(client: MienClient, projectId: string, from: string, to: string): Command {
  return setValueCommand({
    label: 'rename project',
    from,
    to,
    scopes: [projectId],
    library: true,
    write: async (name) => {
      await client.call('projects.rename', { id: projectId, name });
      // The event refreshes the list too; refreshing here makes the new name show without waiting for it.
      await useProjectsStore.getState().refresh(client);
    },
  });
}
