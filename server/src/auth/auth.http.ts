import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '../config/config.js';

export const SESSION_COOKIE = 'bearing_session';
export const CSRF_COOKIE = 'bearing_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The bearer secret of `Authorization: Bearer <secret>`, '' when the header is malformed, null when absent. */
export function bearerOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : '';
}

export function sessionCookieOf(req: Request): string | null {
  const cookies = (req as Request & { cookies?: Record<string, unknown> }).cookies;
  const value = cookies?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function clientOf(req: Request): { ip: string | null; userAgent: string | null } {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

function secure(req: Request, mode: AppConfig['auth']['cookieSecure']): boolean {
  // `auto`: HTTPS directly, or behind a trusted proxy that said so (X-Forwarded-Proto, `trust proxy`)
  return mode === 'always' || (mode === 'auto' && req.secure);
}

/**
 * Session cookie: HttpOnly, SameSite=Lax, Path=/, Secure over TLS. The CSRF cookie is readable by
 * the web app (not HttpOnly) so it can echo it in `X-CSRF-Token`.
 */
export function setSessionCookies(req: Request, res: Response, mode: AppConfig['auth']['cookieSecure'], s: { token: string; csrfToken: string; maxAgeMs: number }): void {
  const base: CookieOptions = { sameSite: 'lax', secure: secure(req, mode), path: '/', maxAge: s.maxAgeMs };
  res.cookie(SESSION_COOKIE, s.token, { ...base, httpOnly: true });
  res.cookie(CSRF_COOKIE, s.csrfToken, { ...base, httpOnly: false });
}

export function clearSessionCookies(req: Request, res: Response, mode: AppConfig['auth']['cookieSecure']): void {
  const base: CookieOptions = { sameSite: 'lax', secure: secure(req, mode), path: '/' };
  res.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
  res.clearCookie(CSRF_COOKIE, { ...base, httpOnly: false });
}
