import { create } from 'zustand';
import { DEFAULT_BRUSH, clampBrushSize, steppedBrushSize, type BrushSettings } from '../../shared/masks';

/** The layer whose mask is being painted on the photo viewer. */
export interface MaskTarget {
  sceneId: string;
  layerId: string;
  /** What the toolbar calls the layer (its id when not given). */
  layerName?: string;
}

interface MaskPaintingState {
  target: MaskTarget | null;
  brush: BrushSettings;
  /** The user set the size (slider or [ ]): a face's suggested size no longer replaces it. */
  sizeChosen: boolean;
  start(target: MaskTarget): void;
  stop(): void;
  /** Starts painting `target`, or stops when it is the one being painted. */
  toggle(target: MaskTarget): void;
  setBrush(patch: Partial<BrushSettings>): void;
  /** X: brush <-> eraser. */
  swapTool(): void;
  /** [ and ]. */
  stepSize(direction: 1 | -1): void;
  /** A size that suits the face being painted, taken unless the user chose one. */
  suggestSize(size: number): void;
}

const same = (a: MaskTarget | null, b: MaskTarget) => a?.sceneId === b.sceneId && a.layerId === b.layerId;

/** Mask painting mode: which layer, and the brush (kept across layers and photos for the session). */
export const useMaskPaintingStore = create<MaskPaintingState>()((set, get) => ({
  target: null,
  brush: DEFAULT_BRUSH,
  sizeChosen: false,
  start: (target) => set({ target }),
  stop: () => set({ target: null }),
  toggle: (target) => set({ target: same(get().target, target) ? null : target }),
  setBrush: (patch) => {
    const brush = { ...get().brush, ...patch };
    set({
      brush: {
        ...brush,
        size: clampBrushSize(brush.size),
        hardness: Math.min(1, Math.max(0, brush.hardness)),
        opacity: Math.min(1, Math.max(0, brush.opacity)),
      },
      sizeChosen: get().sizeChosen || patch.size !== undefined,
    });
  },
  swapTool: () => get().setBrush({ tool: get().brush.tool === 'brush' ? 'eraser' : 'brush' }),
  stepSize: (direction) => get().setBrush({ size: steppedBrushSize(get().brush.size, direction) }),
  suggestSize: (size) => {
    if (!get().sizeChosen) set({ brush: { ...get().brush, size: clampBrushSize(size) } });
  },
}));
