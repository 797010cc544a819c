/**
 * Domain errors carry a code; the exception filter maps codes to HTTP statuses exhaustively.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'import_rejected'
  | 'event_rejected'
  | 'unsupported_media_type'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'database_unavailable'
  | 'upstream_unavailable'
  | 'internal_error';

export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  import_rejected: 422,
  event_rejected: 422,
  unsupported_media_type: 415,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
  payload_too_large: 413,
  database_unavailable: 503,
  upstream_unavailable: 502,
  internal_error: 500,
};

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** extra top-level fields merged into the error response (e.g. an import result) */
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A bad query/body parameter, named. */
export function invalidField(field: string, message: string): DomainError {
  return new DomainError('validation_failed', `${field}: ${message}`, { field });
}
