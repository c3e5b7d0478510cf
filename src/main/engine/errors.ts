import { ApiError } from '../../shared/api';

const SQLITE_DISK_FULL = new Set(['SQLITE_FULL']);
const SQLITE_DAMAGED = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/**
 * Turns anything thrown inside the engine into an ApiError a host can send: known Node and SQLite
 * failures get their specific code, the rest become 'internal' with the original message.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || code === 'EDQUOT' || (typeof code === 'string' && SQLITE_DISK_FULL.has(code))) {
    return new ApiError('disk_full', `The disk is full; free some space and try again (${message}).`);
  }
  if (code === 'EROFS' || (typeof code === 'string' && code.startsWith('SQLITE_READONLY'))) {
    return new ApiError('read_only', `This data folder cannot be written; nothing was changed (${message}).`);
  }
  if (typeof code === 'string' && SQLITE_DAMAGED.has(code)) {
    return new ApiError('store_corrupt', `The project database is damaged (${message}).`);
  }
  if (error instanceof Error && error.name === 'AbortError') return new ApiError('cancelled', 'Cancelled');
  return new ApiError('internal', message);
}
