import { z } from 'zod';

/** Every failure that crosses the API boundary carries one of these codes and a sentence a user can read. */
export const ErrorCode = z.enum([
  'invalid_request', // the message did not match the contract
  'unauthorized', // wrong or missing web-host token
  'not_found',
  'conflict',
  'not_an_image', // bytes are not a decodable image
  'unsupported_format', // an image format sharp cannot read here
  'image_too_large', // over the pixel or byte limit
  'store_corrupt', // the project database cannot be opened: damaged, foreign or from a newer Mien
  'store_in_use', // another Mien process (or another program) holds the data folder or its database; try again later
  'read_only', // the data folder or database cannot be written: opened read-only, changes refused
  'file_missing', // a file Mien stored (a photo, a video) was deleted or moved outside Mien; re-import or remove it
  'disk_full',
  'cancelled',
  'busy',
  'unavailable', // a feature whose dependency (ffmpeg, a model, Electron) is missing
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

/** Thrown by the engine and by clients; transports serialise it as ApiErrorShape. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toShape(): ApiErrorShape {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }

  static fromShape(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.details);
  }
}

/**
 * Turns whatever a transport rejected with into an ApiError. Needed because Electron's
 * contextBridge strips custom properties from Error objects, so the preload rejects with a plain
 * ApiErrorShape object instead; the web client rejects with ApiError instances already.
 */
export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  const shape = ApiErrorShape.safeParse(reason);
  if (shape.success) return ApiError.fromShape(shape.data);
  const message = reason instanceof Error ? reason.message : String(reason);
  return new ApiError('internal', message);
}
