/** How long each export frame's render holds its worker in slow-render-worker.ts. */
export const SLOW_RENDER_MS = 3000;
