import { create } from 'zustand';
import { toApiError } from '../../shared/api';

export interface Notice {
  id: number;
  tone: 'error' | 'info';
  text: string;
}

interface NoticesState {
  notices: Notice[];
  push(tone: Notice['tone'], text: string): void;
  dismiss(id: number): void;
}

const NOTICE_LIFETIME_MS = 7000;
let nextNoticeId = 1;

/** Short-lived messages for failures that have no better place on screen (a failed undo, say). */
export const useNoticesStore = create<NoticesState>()((set, get) => ({
  notices: [],
  push: (tone, text) => {
    const id = nextNoticeId++;
    set({ notices: [...get().notices.slice(-3), { id, tone, text }] });
    setTimeout(() => get().dismiss(id), NOTICE_LIFETIME_MS);
  },
  dismiss: (id) => set({ notices: get().notices.filter((notice) => notice.id !== id) }),
}));

/** Shows "<what failed>: <the engine's sentence>" as an error notice. */
export function reportError(what: string, reason: unknown): void {
  useNoticesStore.getState().push('error', `${what}: ${toApiError(reason).message}`);
}
