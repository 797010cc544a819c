import { describe, expect, it } from '@jest/globals';
import { defaultScopeFor, landingPath, loginPath, safeNextPath } from './session';

describe('landingPath', () => {
  it('sends each role to its view', () => {
    expect(landingPath({ roles: ['vp'], scopes: ['org'] })).toBe('/director');
    expect(landingPath({ roles: ['director'], scopes: ['group:payments'] })).toBe('/director');
    expect(landingPath({ roles: ['practice_lead'], scopes: ['org'] })).toBe('/practice');
    expect(landingPath({ roles: ['admin'], scopes: ['org'] })).toBe('/admin');
    expect(landingPath({ roles: ['admin', 'director'], scopes: ['org'] })).toBe('/director');
  });

  it("gives a squad lead their squad, keeping the period but not overriding a chosen scope", () => {
    expect(landingPath({ roles: ['squad_lead'], scopes: ['squad:payments-core'] }, '?from=2026-01-01')).toBe(
      '/squad?from=2026-01-01&scope=squad%3Apayments-core',
    );
    expect(landingPath({ roles: ['squad_lead'], scopes: ['squad:a'] }, '?scope=squad%3Ab')).toBe('/squad?scope=squad%3Ab');
  });

  it('prefers the director view for a user with several roles', () => {
    expect(landingPath({ roles: ['squad_lead', 'director'], scopes: ['group:g', 'squad:s'] })).toBe('/director');
  });
});

describe('defaultScopeFor', () => {
  it('is the org for org-wide users, else the first group, else the first squad', () => {
    expect(defaultScopeFor({ scopes: ['org'] })).toBe('org');
    expect(defaultScopeFor({ scopes: ['squad:s', 'group:g'] })).toBe('group:g');
    expect(defaultScopeFor({ scopes: ['squad:s'] })).toBe('squad:s');
    expect(defaultScopeFor(undefined)).toBe('org');
  });
});

describe('safeNextPath', () => {
  it('accepts same-origin paths only', () => {
    expect(safeNextPath('/squad?scope=squad%3Aa')).toBe('/squad?scope=squad%3Aa');
    expect(safeNextPath('//evil.example/x')).toBeNull();
    expect(safeNextPath('/\\evil.example')).toBeNull();
    expect(safeNextPath('https://evil.example')).toBeNull();
    expect(safeNextPath('/login?next=/x')).toBeNull();
    expect(safeNextPath(null)).toBeNull();
  });

  it('builds the sign-in link for the current page', () => {
    expect(loginPath({ pathname: '/director', search: '?scope=org' })).toBe('/login?next=%2Fdirector%3Fscope%3Dorg');
    expect(loginPath({ pathname: '/', search: '' })).toBe('/login');
    expect(loginPath({ pathname: '/login', search: '?next=%2Fx' })).toBe('/login');
  });
});
