import { isApiError } from './http';

/**
 * Whether a failed request means "this server does not have that yet", not a fault: a route
 * the server does not know (404 `not_found` on a list endpoint) or a metric it does not compute
 * yet (400 naming `metrics` "… is not computed yet"). Panels show a "not available yet on this
 * server" state for these, and an error with Retry for anything else.
 */
export function isNotAvailableYet(error: unknown): boolean {
  if (!isApiError(error)) return false;
  if (error.status === 404) return true;
  return error.status === 400 && /not computed yet/i.test(error.message);
}
