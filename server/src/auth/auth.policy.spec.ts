import { type RouteRule, isAllowed } from './auth.policy.js';
import type { Principal, Role, TokenScope } from './auth.types.js';

const user = (...roles: Role[]): Principal => ({ kind: 'user', id: 'u', label: 'u@x', roles, tokenScopes: [], groups: [], squads: [], via: 'session' });
const token = (...scopes: TokenScope[]): Principal => ({
  kind: 'token',
  id: 't',
  label: 't',
  roles: scopes.includes('admin') ? ['admin'] : [],
  tokenScopes: scopes,
  groups: [],
  squads: [],
  via: 'bearer',
});
const rule = (r: Partial<RouteRule> = {}): RouteRule => ({ anyPrincipal: false, roles: undefined, scopes: undefined, ...r });

describe('isAllowed (route policy)', () => {
  it('undeclared reads: every role and read tokens; not ingest tokens', () => {
    for (const r of ['vp', 'director', 'practice_lead', 'squad_lead', 'viewer', 'admin'] as Role[]) expect(isAllowed(user(r), rule(), 'GET')).toBe(true);
    expect(isAllowed(token('read'), rule(), 'GET')).toBe(true);
    expect(isAllowed(token('ingest'), rule(), 'GET')).toBe(false);
    expect(isAllowed(token('admin'), rule(), 'HEAD')).toBe(true);
  });

  it('undeclared writes: admins only (role or admin token); viewers and read tokens never write', () => {
    expect(isAllowed(user('admin'), rule(), 'POST')).toBe(true);
    expect(isAllowed(token('admin'), rule(), 'DELETE')).toBe(true);
    for (const r of ['vp', 'director', 'practice_lead', 'squad_lead', 'viewer'] as Role[]) expect(isAllowed(user(r), rule(), 'PUT')).toBe(false);
    expect(isAllowed(token('read'), rule(), 'PATCH')).toBe(false);
    expect(isAllowed(token('ingest'), rule(), 'POST')).toBe(false);
  });

  it('@RequireScope(ingest) on a write: ingest tokens and admins', () => {
    const importRule = rule({ scopes: ['ingest'] });
    expect(isAllowed(token('ingest'), importRule, 'POST')).toBe(true);
    expect(isAllowed(token('read'), importRule, 'POST')).toBe(false);
    expect(isAllowed(user('admin'), importRule, 'POST')).toBe(true);
    expect(isAllowed(user('vp'), importRule, 'POST')).toBe(false);
  });

  it('@Roles closes a read to read tokens unless @RequireScope reopens it; several roles are a union', () => {
    const adminRead = rule({ roles: ['admin'] });
    expect(isAllowed(token('read'), adminRead, 'GET')).toBe(false);
    expect(isAllowed(token('admin'), adminRead, 'GET')).toBe(true);
    expect(isAllowed(user('viewer'), adminRead, 'GET')).toBe(false);
    const directorsWrite = rule({ roles: ['director', 'vp'] });
    expect(isAllowed(user('viewer', 'director'), directorsWrite, 'POST')).toBe(true);
    expect(isAllowed(user('squad_lead'), directorsWrite, 'POST')).toBe(false);
  });

  it('@AnyPrincipal lets every authenticated caller through', () => {
    expect(isAllowed(token('ingest'), rule({ anyPrincipal: true }), 'POST')).toBe(true);
    expect(isAllowed(user('viewer'), rule({ anyPrincipal: true }), 'POST')).toBe(true);
  });
});
