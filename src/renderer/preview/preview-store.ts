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
  toggleOriginal(): void;
}

export const usePreviewStore = create<PreviewState>()((set) => ({
  showOriginal: false,
  assetId: null,
  shown: null,
  error: null,
  unavailable: null,
  toggleOriginal: () => set((state) => ({ showOriginal: !state.showOriginal })),
}));
