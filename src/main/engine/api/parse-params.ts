import { ApiError, isMethodName, methods, type MethodName, type ParsedParamsOf } from '../../../shared/api';

/** Checks a method name and its params against the contract; throws the API's not_found or invalid_request. */
export function parseRequest(method: string, rawParams: unknown): { method: MethodName; params: unknown } {
  if (!isMethodName(method)) throw new ApiError('not_found', `There is no API method named "${method}".`);
  // Methods without params may be called with none at all.
  const parsed = methods[method].params.safeParse(rawParams === undefined ? {} : rawParams);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      code: issue.code,
      message: issue.message,
    }));
    const summary = issues.map((issue) => `${issue.path || 'params'}: ${issue.message}`).join('; ');
    throw new ApiError('invalid_request', `Invalid params for ${method}: ${summary}`, { issues });
  }
  return { method, params: parsed.data as ParsedParamsOf<typeof method> };
}
