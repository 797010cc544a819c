import type { ApiErrorBody } from '@bearing/shared';

/**
 * The one fetch wrapper of the web app: JSON in and out, the session cookie of the same
 * origin, and every failure as an `ApiError` parsed from the server's error body
 * `{"error":{"code","message","details"?}}`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the server could not be reached */
    readonly status: number,
    /** the server's error code, or `network_error` / `http_<status>` / `invalid_response` */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** seconds to wait before trying again (from `Retry-After` on a 429), when the server said */
  retryAfterSeconds?: number;

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  get isForbidden(): boolean {
    return this.status === 403;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

/** `path` plus the defined params, in the given order. */
export function buildUrl(path: string, params?: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  params?: QueryParams;
  /** sent as JSON */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * A 401 normally sends the browser to the sign-in page (`setUnauthorizedHandler`); the
   * sign-in form and the "who am I" probe answer it themselves.
   */
  handleUnauthorized?: boolean;
}

/** The cookie the server sets at sign-in for the double-submit CSRF check. */
export const CSRF_COOKIE = 'bearing_csrf';
/** Cookie-authenticated writes (POST/PUT/PATCH/DELETE) must echo the cookie in this header. */
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A cookie's value from a `document.cookie` string, or null. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}

let csrfFallback: string | null = null;

/** Remembers the CSRF token from a sign-in or `/me` answer, for when the cookie is not readable. */
export function rememberCsrfToken(token: string | null | undefined): void {
  csrfFallback = token ?? null;
}

function csrfToken(): string | null {
  const fromCookie = typeof document === 'undefined' ? null : readCookie(document.cookie, CSRF_COOKIE);
  return fromCookie ?? csrfFallback;
}

let unauthorizedHandler: (() => void) | null = null;

/**
 * What to do when the server answers 401 (no session, or it expired): the app sends the
 * browser to `/login?next=<here>`. The failing request still rejects with its `ApiError`.
 */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', params, body, signal, handleUnauthorized = true } = options;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE_METHODS.has(method)) {
    const token = csrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, params), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    // Cancellation (TanStack Query aborting a stale request) is not an API failure.
    if (signal?.aborted) throw error;
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the Bearing server. Check your connection and try again.',
    );
  }

  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (error.isUnauthorized && handleUnauthorized) unauthorizedHandler?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;

  const text = await response.text();
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(
      response.status,
      'invalid_response',
      'The server sent a response that is not valid JSON.',
    );
  }
}

export function apiGet<T>(
  path: string,
  options: Omit<RequestOptions, 'method' | 'body'> = {},
): Promise<T> {
  return apiRequest<T>(path, { ...options, method: 'GET' });
}

/**
 * Seconds from `Retry-After`, or from a named throttler's `Retry-After-<name>` (what the
 * server's sign-in limiter sends); null when absent or not a number of seconds.
 */
export function retryAfterSeconds(headers: Headers): number | null {
  let raw = headers.get('Retry-After');
  if (raw === null) {
    headers.forEach((value, name) => {
      if (raw === null && name.toLowerCase().startsWith('retry-after-')) raw = value;
    });
  }
  const seconds = Number(raw);
  return raw !== null && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  const error = await parseError(response);
  const retryAfter = retryAfterSeconds(response.headers);
  if (retryAfter !== null) error.retryAfterSeconds = retryAfter;
  return error;
}

async function parseError(response: Response): Promise<ApiError> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await response.text());
  } catch {
    parsed = undefined;
  }
  if (isApiErrorBody(parsed)) {
    const { code, message, details } = parsed.error;
    return new ApiError(response.status, code, message, details);
  }
  return new ApiError(
    response.status,
    `http_${response.status}`,
    response.statusText
      ? `The server answered ${response.status} ${response.statusText}.`
      : `The server answered with status ${response.status}.`,
  );
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
