import type { MethodName, ParsedParamsOf, ResultOf } from '../../../shared/api';

/** One function per API method, typed from the contract's zod schemas. */
export type Handler<M extends MethodName> = (params: ParsedParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;
export type HandlerMap<K extends MethodName = MethodName> = { [M in K]: Handler<M> };
