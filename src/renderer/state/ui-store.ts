import { create } from 'zustand';
import { hashForRoute, routeFromHash, type Route } from './route';

interface UiState {
  route: Route;
  jobsOpen: boolean;
  openProject(projectId: string): void;
  showLibrary(): void;
  setJobsOpen(open: boolean): void;
}

const navigate = (route: Route): void => {
  const hash = hashForRoute(route);
  if (window.location.hash !== hash) window.location.hash = hash;
};

export const useUiStore = create<UiState>()((set) => ({
  route: routeFromHash(window.location.hash),
  jobsOpen: false,
  openProject: (projectId) => {
    set({ route: { screen: 'editor', projectId } });
    navigate({ screen: 'editor', projectId });
  },
  showLibrary: () => {
    set({ route: { screen: 'library' } });
    navigate({ screen: 'library' });
  },
  setJobsOpen: (jobsOpen) => set({ jobsOpen }),
}));

// Back/Forward and hand-edited hashes.
window.addEventListener('hashchange', () => useUiStore.setState({ route: routeFromHash(window.location.hash) }));
