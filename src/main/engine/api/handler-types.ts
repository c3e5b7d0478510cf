import type { MethodName, ParsedParamsOf, ResultOf } from '../../../shared/api';

/** Who is calling: one window or socket. Resources a caller opens (render sessions) belong to it. */
export interface Caller {
  connectionId: string;
}

/** The caller of in-process calls (CLI, tests) that name no connection. */
export const LOCAL_CALLER: Caller = { connectionId: 'local' };

/**
 * One function per API method, typed from the contract's zod schemas. The engine always passes the
 * caller; it is optional so handlers can call each other without inventing one.
 */
export type Handler<M extends MethodName> = (
  params: ParsedParamsOf<M>,
  caller?: Caller,
) => ResultOf<M> | Promise<ResultOf<M>>;
export type HandlerMap<K extends MethodName = MethodName> = { [M in K]: Handler<M> };
