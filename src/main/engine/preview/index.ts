/** Public surface of live preview: render sessions, their handlers and the renderer they draw with. */
export { RenderSessions, type SessionRenderer, type SessionRenderRequest } from './render-sessions';
export { renderSessionHandlers } from './render-session-handlers';
export { createSessionRenderer } from './session-renderer';
