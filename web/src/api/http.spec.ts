import { describe, expect, it } from '@jest/globals';
import { buildUrl, readCookie, retryAfterSeconds } from './http';

describe('readCookie', () => {
  it('finds the CSRF cookie among others', () => {
    expect(readCookie('a=1; bearing_csrf=abc%2Fdef; b=2', 'bearing_csrf')).toBe('abc/def');
    expect(readCookie('bearing_csrf_old=x', 'bearing_csrf')).toBeNull();
    expect(readCookie('', 'bearing_csrf')).toBeNull();
  });
});

describe('buildUrl', () => {
  it('leaves out empty params', () => {
    expect(buildUrl('/api/v1/metrics', { scope: 'squad:a', metrics: undefined, limit: 10, cursor: null })).toBe(
      '/api/v1/metrics?scope=squad%3Aa&limit=10',
    );
  });
});

describe('retryAfterSeconds', () => {
  it('reads Retry-After or a named throttler’s Retry-After-<name>', () => {
    expect(retryAfterSeconds(new Headers({ 'Retry-After': '30' }))).toBe(30);
    expect(retryAfterSeconds(new Headers({ 'Retry-After-login': '60' }))).toBe(60);
    expect(retryAfterSeconds(new Headers({ 'Retry-After': 'Wed, 21 Oct 2026 07:28:00 GMT' }))).toBeNull();
    expect(retryAfterSeconds(new Headers())).toBeNull();
  });
});
