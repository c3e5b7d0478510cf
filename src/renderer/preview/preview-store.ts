import { create } from 'zustand';
import type { FrameRenderInfo } from '../../shared/api';

interface PreviewState {
  /** Show the photo as imported instead of the rendered portrait (toolbar toggle, \ key). */
  showOriginal: boolean;
  /** The asset whose preview the fields below describe. */
  assetId: string | null;
  /** What the frame on screen shows; null while the original is on screen. */
  shown: FrameRenderInfo | null;
  /** A render that failed, in words; cleared by the next frame. */
  error: string | null;
  /** Why this photo cannot be previewed (no face fitted yet), or null. */
  unavailable: string | null;
  /**
   * A preview frame is on its way (asked for, not drawn yet): secondary views (the rig's 3D view)
   * hold their own redraws until it is on screen (see rig/yield-to-preview.ts).
   */
  waitingForFrame: boolean;
  /**
   * The timeline is playing: the preview shows only frames already rendered into the frame cache
   * (the timeline's prefetcher fills it ahead of the playhead) and asks for no live renders, so a
   * slow render drops frames instead of falling behind real time.
   */
  playback: boolean;
  toggleOriginal(): void;
  /** Back to the edited portrait (a rig edit does this: an edit should be seen as it is made). */
  showEdited(): void;
}

export const usePreviewStore = create<PreviewState>()((set) => ({
  showOriginal: false,
  assetId: null,
  shown: null,
  error: null,
  unavailable: null,
  waitingForFrame: false,
  playback: false,
  toggleOriginal: () => set((state) => ({ showOriginal: !state.showOriginal })),
  showEdited: () => set((state) => (state.showOriginal ? { showOriginal: false } : state)),
}));
