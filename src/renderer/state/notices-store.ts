import { create } from 'zustand';
import { toApiError } from '../../shared/api';

export interface Notice {
  id: number;
  tone: 'error' | 'info';
  text: string;
  /** What the notice is about (a project id): it goes when that thing does (see dismissAbout). */
  about?: string;
}

interface NoticesState {
  notices: Notice[];
  push(tone: Notice['tone'], text: string, options?: { about?: string }): void;
  dismiss(id: number): void;
  /** Removes every notice about `subject`, e.g. "Duplicated as …" once that copy is deleted. */
  dismissAbout(subject: string): void;
}

const NOTICE_LIFETIME_MS = 7000;
let nextNoticeId = 1;

/** Short-lived messages for failures that have no better place on screen (a failed undo, say). */
export const useNoticesStore = create<NoticesState>()((set, get) => ({
  notices: [],
  push: (tone, text, options = {}) => {
    const id = nextNoticeId++;
    const notice: Notice = options.about === undefined ? { id, tone, text } : { id, tone, text, about: options.about };
    set({ notices: [...get().notices.slice(-3), notice] });
    setTimeout(() => get().dismiss(id), NOTICE_LIFETIME_MS);
  },
  dismiss: (id) => set({ notices: get().notices.filter((notice) => notice.id !== id) }),
  dismissAbout: (subject) => set({ notices: get().notices.filter((notice) => notice.about !== subject) }),
}));

/** Shows "<what failed>: <the engine's sentence>" as an error notice. */
export function reportError(what: string, reason: unknown): void {
  useNoticesStore.getState().push('error', `${what}: ${toApiError(reason).message}`);
}
