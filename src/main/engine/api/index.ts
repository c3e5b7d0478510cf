/** Public surface of the API layer: the handler table, request parsing and what handlers reach of the engine. */
export { createHandlers } from './handlers';
export { parseRequest } from './parse-params';
export type { EngineContext, OpenStore } from './engine-context';
export { LOCAL_CALLER, type Caller, type Handler, type HandlerMap } from './handler-types';
