import { create } from 'zustand';
import { toApiError, type MienClient, type Project } from '../../shared/api';

interface ProjectsState {
  projects: Project[] | null;
  error: string | null;
  refresh(client: MienClient): Promise<void>;
}

let latestRequest = 0;

/** The library's project list; refreshed on projects.changed / project.changed and after own edits. */
export const useProjectsStore = create<ProjectsState>()((set) => ({
  projects: null,
  error: null,
  refresh: async (client) => {
    // Only the newest answer lands: a slow older list must not overwrite a newer one.
    const request = ++latestRequest;
    try {
      const projects = await client.call('projects.list', {});
      if (request === latestRequest) set({ projects, error: null });
    } catch (error) {
      if (request === latestRequest) set({ error: toApiError(error).message });
    }
  },
}));
