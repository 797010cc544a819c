import { ConfigError, loadConfig } from '../config/config.js';
import { claimList, safeReturnTo } from './services/oidc.service.js';

describe('OIDC configuration and claim mapping', () => {
  const base = { OIDC_CLIENT_ID: 'bearing', OIDC_CLIENT_SECRET: 's', OIDC_REDIRECT_URL: 'https://bearing.example.com/api/v1/auth/oidc/callback' };

  it('is off without OIDC_ISSUER_URL, and needs client id, secret and redirect URL with it', () => {
    expect(loadConfig({}).oidc).toBeNull();
    let error: unknown;
    try {
      loadConfig({ OIDC_ISSUER_URL: 'https://idp.example.com' });
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL']);
    expect(loadConfig({ ...base, OIDC_ISSUER_URL: 'https://idp.example.com' }).oidc).toMatchObject({
      rolesClaim: 'bearing_roles',
      scopes: 'openid email profile',
      defaultRoles: [],
      allowInsecure: false,
    });
  });

  it('accepts plain HTTP only for a loopback issuer, and only known default roles', () => {
    expect(() => loadConfig({ ...base, OIDC_ISSUER_URL: 'http://idp.example.com' })).toThrow(/OIDC_ISSUER_URL: must be https/);
    expect(loadConfig({ ...base, OIDC_ISSUER_URL: 'http://127.0.0.1:9000' }).oidc?.allowInsecure).toBe(true);
    expect(() => loadConfig({ ...base, OIDC_ISSUER_URL: 'https://idp.example.com', OIDC_DEFAULT_ROLES: 'viewer,king' })).toThrow(/OIDC_DEFAULT_ROLES/);
    expect(loadConfig({ ...base, OIDC_ISSUER_URL: 'https://idp.example.com', OIDC_DEFAULT_ROLES: 'viewer, squad_lead' }).oidc?.defaultRoles).toEqual(['viewer', 'squad_lead']);
  });

  it('reads list claims from arrays or space/comma separated strings', () => {
    expect(claimList(undefined)).toBeUndefined();
    expect(claimList(['director', 'director', ' vp '])).toEqual(['director', 'vp']);
    expect(claimList('squad_lead viewer,admin')).toEqual(['squad_lead', 'viewer', 'admin']);
    expect(claimList('')).toEqual([]);
  });

  it('only returns to local paths after sign-in', () => {
    expect(safeReturnTo('/director?scope=group:payments')).toBe('/director?scope=group:payments');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', undefined, 42]) expect(safeReturnTo(bad)).toBe('/');
  });
});
