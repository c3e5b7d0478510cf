import { create } from 'zustand';

const SIDEBAR_KEY = 'mien.layout.sidebarOpen';

/**
 * Which editor side panels are open, remembered across reloads (the rig panel's own flag lives in
 * rig-panel-store as `open`). Panel widths are remembered by the panel group itself (EditorLayout).
 */
interface LayoutState {
  sidebarOpen: boolean;
  setSidebarOpen(open: boolean): void;
}

const readSidebarOpen = (): boolean => {
  try {
    return window.localStorage.getItem(SIDEBAR_KEY) !== '0';
  } catch {
    return true;
  }
};

export const useLayoutStore = create<LayoutState>()((set) => ({
  sidebarOpen: readSidebarOpen(),
  setSidebarOpen: (sidebarOpen) => {
    try {
      window.localStorage.setItem(SIDEBAR_KEY, sidebarOpen ? '1' : '0');
    } catch {
      // Storage refused: the choice lasts for this session.
    }
    set({ sidebarOpen });
  },
}));
