import { create } from 'zustand';

/** Which face layers the viewer draws; remembered across reloads (per browser profile). */
export interface FaceLayers {
  mesh: boolean;
  boxes: boolean;
  expressions: boolean;
}

interface FaceOverlayState extends FaceLayers {
  toggle(layer: keyof FaceLayers): void;
}

const STORAGE_KEY = 'mien.faceLayers';
const DEFAULTS: FaceLayers = { mesh: false, boxes: true, expressions: true };

function readStored(): FaceLayers {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<FaceLayers>;
    return {
      mesh: typeof stored.mesh === 'boolean' ? stored.mesh : DEFAULTS.mesh,
      boxes: typeof stored.boxes === 'boolean' ? stored.boxes : DEFAULTS.boxes,
      expressions: typeof stored.expressions === 'boolean' ? stored.expressions : DEFAULTS.expressions,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

export const useFaceOverlayStore = create<FaceOverlayState>()((set, get) => ({
  ...readStored(),
  toggle: (layer) => {
    set({ [layer]: !get()[layer] } as Pick<FaceLayers, typeof layer>);
    const { mesh, boxes, expressions } = get();
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ mesh, boxes, expressions }));
    } catch {
      // Storage full or disabled: the toggle still works for this session.
    }
  },
}));

/** Keyboard shortcuts of the layers (shown in the buttons' titles). */
export const FACE_LAYER_KEYS: Record<string, keyof FaceLayers> = { m: 'mesh', b: 'boxes', e: 'expressions' };
