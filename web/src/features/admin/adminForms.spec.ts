import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../api/http';
import type { MetricRules } from '../../api/settings';
import type { TokenView } from '../../api/tokens';
import type { UserView } from '../../api/users';
import { toCsv } from '../../lib/csv';
import {
  EMPTY_USER_FORM,
  auditDetailsText,
  parseList,
  rulesFieldError,
  rulesToForm,
  toCreateTokenBody,
  toCreateUserBody,
  toSettingsPatch,
  toUpdateUserBody,
  tokenCsvColumns,
  tokenStatus,
  userToForm,
} from './adminForms';

const rules: MetricRules = {
  attributionWindowS: 86400,
  hotfixLabels: ['hotfix'],
  workingHours: { start: 9, end: 18, days: [1, 2, 3, 4, 5] },
  botPatterns: ['\\[bot\\]$'],
  agentPatterns: [],
  agentLabel: 'agent',
  timeZone: 'UTC',
  productionPattern: '^prod$',
};

const user: UserView = {
  id: 'u1',
  email: 'a@b.co',
  name: 'Ada',
  roles: ['director'],
  groups: ['payments'],
  squads: [],
  disabled: false,
  hasPassword: true,
  oidcLinked: false,
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('parseList', () => {
  it('trims, drops empties and duplicates, keeps order', () => {
    expect(parseList(' b, a,\n,b ,c')).toEqual(['b', 'a', 'c']);
    expect(parseList('')).toEqual([]);
  });
});

describe('users', () => {
  it('builds a create body and leaves out an empty password', () => {
    const result = toCreateUserBody({ ...EMPTY_USER_FORM, email: ' x@y.io ', name: 'X', roles: ['squad_lead'], squads: 'pay-core, pay-core' });
    expect(result).toEqual({ ok: true, body: { email: 'x@y.io', name: 'X', roles: ['squad_lead'], groups: [], squads: ['pay-core'] } });
  });

  it('names every field to fix', () => {
    const result = toCreateUserBody({ ...EMPTY_USER_FORM, email: 'nope', password: 'short', roles: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['email', 'name', 'password', 'roles']);
  });

  it('asks a director for a group', () => {
    const result = toCreateUserBody({ ...EMPTY_USER_FORM, email: 'd@y.io', name: 'D', roles: ['director'] });
    expect(result.ok ? null : result.errors.groups).toMatch(/group/);
  });

  it('patches only what changed', () => {
    expect(toUpdateUserBody(user, userToForm(user))).toEqual({ ok: true, body: {} });
    const form = { ...userToForm(user), roles: ['director', 'admin'], groups: 'payments, growth' };
    expect(toUpdateUserBody(user, form)).toEqual({ ok: true, body: { roles: ['director', 'admin'], groups: ['payments', 'growth'] } });
  });
});

describe('tokens', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it('orders scopes and sends the expiry as an ISO date-time', () => {
    expect(toCreateTokenBody({ name: ' ci ', scopes: ['read', 'ingest'], expiresOn: '2027-01-01' }, now)).toEqual({
      ok: true,
      body: { name: 'ci', scopes: ['ingest', 'read'], expiresAt: '2027-01-01T00:00:00.000Z' },
    });
  });

  it('refuses no scope, no name and a past expiry', () => {
    const result = toCreateTokenBody({ name: '', scopes: [], expiresOn: '2026-11-01' }, now);
    expect(result.ok ? null : result.errors).toEqual({
      name: 'is required',
      scopes: 'must hold at least one scope',
      expiresAt: 'must be in the future',
    });
  });

  it('tells revoked from expired', () => {
    const base: TokenView = {
      id: 't',
      name: 'n',
      prefix: 'brg_ab',
      scopes: ['read'],
      createdBy: null,
      createdAt: '2026-01-01T00:00:00Z',
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
      active: true,
    };
    expect(tokenStatus(base)).toBe('active');
    expect(tokenStatus({ ...base, active: false, expiresAt: '2026-02-01T00:00:00Z' })).toBe('expired');
    expect(tokenStatus({ ...base, active: false, revokedAt: '2026-02-01T00:00:00Z' })).toBe('revoked');
    expect(toCsv(tokenCsvColumns, [base]).split('\r\n')[1]).toBe('t,n,brg_ab,read,active,,2026-01-01T00:00:00Z,,,');
  });
});

describe('org rules', () => {
  it('sends nothing when nothing changed', () => {
    expect(toSettingsPatch(rulesToForm(rules, 'Acme'), rules, 'Acme')).toEqual({ ok: true, body: {} });
  });

  it('sends only the changed rules, the window in seconds', () => {
    const form = { ...rulesToForm(rules, 'Acme'), attributionWindowMinutes: '120', workingDays: [5, 1], agentPatterns: 'claude\n\ncodex' };
    expect(toSettingsPatch(form, rules, 'Acme')).toEqual({
      ok: true,
      body: { rules: { attributionWindowS: 7200, workingHours: { start: 9, end: 18, days: [1, 5] }, agentPatterns: ['claude', 'codex'] } },
    });
  });

  it('checks hours, patterns and the time zone before sending', () => {
    const form = { ...rulesToForm(rules, 'Acme'), workingHoursStart: '19', botPatterns: '([', timeZone: 'Mars/Base', attributionWindowMinutes: '0' };
    const result = toSettingsPatch(form, rules, 'Acme');
    expect(result.ok ? null : Object.keys(result.errors).sort()).toEqual([
      'attributionWindowMinutes',
      'botPatterns',
      'timeZone',
      'workingHoursStart',
    ]);
  });

  it('maps the server 400 field to the form field', () => {
    const error = new ApiError(400, 'validation_failed', 'rules.workingHours.start: start must be before end', {
      field: 'rules.workingHours.start',
    });
    expect(rulesFieldError(error)).toEqual({ field: 'workingHoursStart', message: 'start must be before end' });
    const pattern = new ApiError(400, 'validation_failed', 'rules.botPatterns.1: must be a valid regular expression', {
      field: 'rules.botPatterns.1',
    });
    expect(rulesFieldError(pattern)?.field).toBe('botPatterns');
    expect(rulesFieldError(new ApiError(500, 'x', 'y'))).toBeNull();
  });
});

describe('auditDetailsText', () => {
  it('joins the details', () => {
    expect(auditDetailsText({ method: 'password', roles: ['admin'] })).toBe('method: password · roles: ["admin"]');
    expect(auditDetailsText(null)).toBe('');
  });
});
