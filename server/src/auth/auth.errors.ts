import { DomainError } from '../common/errors.js';

/** No credentials, or credentials that are wrong, expired or revoked: 401. */
export function unauthenticated(message = 'Sign in or send an API token (Authorization: Bearer …).'): DomainError {
  return new DomainError('unauthorized', message);
}

/** Authenticated, but not allowed: 403. */
export function forbidden(message: string, details?: unknown): DomainError {
  return new DomainError('forbidden', message, details);
}

export const invalidCredentials = (): DomainError => new DomainError('unauthorized', 'Invalid email or password.');

export const csrfRejected = (): DomainError =>
  new DomainError('forbidden', 'csrf: missing or invalid X-CSRF-Token header (cookie-authenticated writes must echo the bearing_csrf cookie).', {
    field: 'X-CSRF-Token',
  });

export const outOfScope = (scope: string): DomainError =>
  new DomainError('forbidden', `scope: '${scope}' is outside what you may read`, { field: 'scope' });
