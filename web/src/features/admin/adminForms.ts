import { isApiError } from '../../api/http';
import type { MetricRules, SettingsPatch } from '../../api/settings';
import { TOKEN_SCOPES, type CreateTokenBody, type TokenScope, type TokenView } from '../../api/tokens';
import type { CreateUserBody, UpdateUserBody, UserView } from '../../api/users';
import type { AuditEntry } from '../../api/audit';
import type { CsvColumn } from '../../lib/csv';

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export type FormResult<K extends string, Body> =
  | { ok: true; body: Body }
  | { ok: false; errors: FieldErrors<K> };

/** "a, b\nc,,a" → ["a", "b", "c"]: trimmed, empties and duplicates dropped, order kept. */
export function parseList(text: string, separator: RegExp = /[,\n]/): string[] {
  const seen = new Set<string>();
  for (const part of text.split(separator)) {
    const item = part.trim();
    if (item) seen.add(item);
  }
  return [...seen];
}

/** One regular expression per line (commas may be part of a pattern). */
export function parseLines(text: string): string[] {
  return parseList(text, /\n/);
}

export const MIN_PASSWORD_LENGTH = 12;

// ---- users ----

export type UserField = 'email' | 'name' | 'password' | 'roles' | 'groups' | 'squads';

export interface UserForm {
  email: string;
  name: string;
  /** empty → the server generates one (create) or keeps the current one (edit) */
  password: string;
  roles: string[];
  /** comma-separated keys */
  groups: string;
  squads: string;
}

export const EMPTY_USER_FORM: UserForm = { email: '', name: '', password: '', roles: [], groups: '', squads: '' };

function userErrors(form: UserForm, creating: boolean): FieldErrors<UserField> {
  const errors: FieldErrors<UserField> = {};
  if (creating && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) errors.email = 'must be an email address';
  if (!form.name.trim()) errors.name = 'is required';
  if (form.password && form.password.length < MIN_PASSWORD_LENGTH) {
    errors.password = `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (form.roles.length === 0) errors.roles = 'must hold at least one role';
  const groups = parseList(form.groups);
  const squads = parseList(form.squads);
  if (form.roles.includes('director') && groups.length === 0 && !form.roles.some(orgWideRole)) {
    errors.groups = 'a director needs at least one group';
  }
  if (
    form.roles.some((r) => r === 'squad_lead' || r === 'viewer') &&
    squads.length === 0 &&
    groups.length === 0 &&
    !form.roles.some(orgWideRole)
  ) {
    errors.squads = 'a squad lead or viewer needs at least one squad';
  }
  return errors;
}

const orgWideRole = (role: string) => role === 'admin' || role === 'vp' || role === 'practice_lead';

/** The `POST /users` body, or the fields to fix. */
export function toCreateUserBody(form: UserForm): FormResult<UserField, CreateUserBody> {
  const errors = userErrors(form, true);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      email: form.email.trim(),
      name: form.name.trim(),
      ...(form.password ? { password: form.password } : {}),
      roles: [...form.roles],
      groups: parseList(form.groups),
      squads: parseList(form.squads),
    },
  };
}

export function userToForm(user: UserView): UserForm {
  return {
    email: user.email,
    name: user.name,
    password: '',
    roles: [...user.roles],
    groups: user.groups.join(', '),
    squads: user.squads.join(', '),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** The `PATCH /users/:id` body with only what changed (empty when nothing did). */
export function toUpdateUserBody(user: UserView, form: UserForm): FormResult<UserField, UpdateUserBody> {
  const errors = userErrors(form, false);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const body: UpdateUserBody = {};
  if (form.name.trim() !== user.name) body.name = form.name.trim();
  if (form.password) body.password = form.password;
  if (!sameList(form.roles, user.roles)) body.roles = [...form.roles];
  const groups = parseList(form.groups);
  const squads = parseList(form.squads);
  if (!sameList(groups, user.groups)) body.groups = groups;
  if (!sameList(squads, user.squads)) body.squads = squads;
  return { ok: true, body };
}

// ---- API tokens ----

export type TokenField = 'name' | 'scopes' | 'expiresAt';

export interface TokenForm {
  name: string;
  scopes: TokenScope[];
  /** YYYY-MM-DD (the token expires at the start of that day, UTC); empty → never */
  expiresOn: string;
}

export const EMPTY_TOKEN_FORM: TokenForm = { name: '', scopes: [], expiresOn: '' };

export function toCreateTokenBody(form: TokenForm, now: Date = new Date()): FormResult<TokenField, CreateTokenBody> {
  const errors: FieldErrors<TokenField> = {};
  const name = form.name.trim();
  if (!name) errors.name = 'is required';
  else if (name.length > 100) errors.name = 'must be at most 100 characters';
  const scopes = TOKEN_SCOPES.filter((s) => form.scopes.includes(s));
  if (scopes.length === 0) errors.scopes = 'must hold at least one scope';
  let expiresAt: string | undefined;
  if (form.expiresOn) {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(form.expiresOn) ? new Date(`${form.expiresOn}T00:00:00Z`) : null;
    if (!date || Number.isNaN(date.getTime())) errors.expiresAt = 'must be a date';
    else if (date.getTime() <= now.getTime()) errors.expiresAt = 'must be in the future';
    else expiresAt = date.toISOString();
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { name, scopes, ...(expiresAt ? { expiresAt } : {}) } };
}

/** "active", "revoked" or "expired", for the token list. */
export function tokenStatus(token: TokenView): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  return token.active ? 'active' : 'expired';
}

// ---- org rules ----

export type RulesField =
  | 'name'
  | 'timeZone'
  | 'productionPattern'
  | 'attributionWindowMinutes'
  | 'hotfixLabels'
  | 'workingHoursStart'
  | 'workingHoursEnd'
  | 'workingDays'
  | 'botPatterns'
  | 'agentPatterns'
  | 'agentLabel';

export interface RulesForm {
  name: string;
  timeZone: string;
  productionPattern: string;
  attributionWindowMinutes: string;
  /** comma-separated */
  hotfixLabels: string;
  workingHoursStart: string;
  workingHoursEnd: string;
  /** 0 = Sunday … 6 = Saturday */
  workingDays: number[];
  /** one regular expression per line */
  botPatterns: string;
  agentPatterns: string;
  agentLabel: string;
}

export function rulesToForm(rules: MetricRules, orgName: string): RulesForm {
  return {
    name: orgName,
    timeZone: rules.timeZone,
    productionPattern: rules.productionPattern,
    attributionWindowMinutes: String(rules.attributionWindowS / 60),
    hotfixLabels: rules.hotfixLabels.join(', '),
    workingHoursStart: String(rules.workingHours.start),
    workingHoursEnd: String(rules.workingHours.end),
    workingDays: [...rules.workingHours.days].sort((a, b) => a - b),
    botPatterns: rules.botPatterns.join('\n'),
    agentPatterns: rules.agentPatterns.join('\n'),
    agentLabel: rules.agentLabel,
  };
}

function badRegex(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return false;
  } catch {
    return true;
  }
}

/**
 * The `PATCH /settings` body with only what changed against the rules in force, or the
 * fields to fix (the server checks again and names the field of what it refuses).
 */
export function toSettingsPatch(
  form: RulesForm,
  rules: MetricRules,
  orgName: string,
): FormResult<RulesField, SettingsPatch> {
  const errors: FieldErrors<RulesField> = {};
  const patch: SettingsPatch = {};
  const ruleChanges: NonNullable<SettingsPatch['rules']> = {};

  const name = form.name.trim();
  if (!name) errors.name = 'is required';
  else if (name !== orgName) patch.name = name;

  const timeZone = form.timeZone.trim();
  if (timeZone !== rules.timeZone) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone });
      patch.timeZone = timeZone;
    } catch {
      errors.timeZone = 'must be an IANA time zone, e.g. Europe/London';
    }
  }

  if (form.productionPattern !== rules.productionPattern) {
    if (badRegex(form.productionPattern)) errors.productionPattern = 'must be a valid regular expression';
    else patch.productionPattern = form.productionPattern;
  }

  const minutes = Number(form.attributionWindowMinutes);
  if (!Number.isFinite(minutes) || form.attributionWindowMinutes.trim() === '' || !Number.isInteger(minutes * 60)) {
    errors.attributionWindowMinutes = 'must be a number of minutes';
  } else if (minutes < 1 || minutes > 30 * 1440) {
    errors.attributionWindowMinutes = 'must be from 1 minute to 30 days (43200 minutes)';
  } else if (minutes * 60 !== rules.attributionWindowS) {
    ruleChanges.attributionWindowS = minutes * 60;
  }

  const hotfix = parseList(form.hotfixLabels);
  if (!sameList(hotfix, rules.hotfixLabels)) ruleChanges.hotfixLabels = hotfix;

  const start = Number(form.workingHoursStart);
  const end = Number(form.workingHoursEnd);
  const hour = (v: number, raw: string) => raw.trim() !== '' && Number.isFinite(v) && v >= 0 && v <= 24;
  if (!hour(start, form.workingHoursStart)) errors.workingHoursStart = 'must be an hour from 0 to 24';
  if (!hour(end, form.workingHoursEnd)) errors.workingHoursEnd = 'must be an hour from 0 to 24';
  else if (hour(start, form.workingHoursStart) && start >= end) errors.workingHoursStart = 'start must be before end';
  const days = [...new Set(form.workingDays)].sort((a, b) => a - b);
  if (!errors.workingHoursStart && !errors.workingHoursEnd) {
    const w = rules.workingHours;
    if (start !== w.start || end !== w.end || !sameList(days.map(String), w.days.map(String))) {
      ruleChanges.workingHours = { start, end, days };
    }
  }

  for (const field of ['botPatterns', 'agentPatterns'] as const) {
    const patterns = parseLines(form[field]);
    const bad = patterns.find(badRegex);
    if (bad !== undefined) errors[field] = `"${bad}" is not a valid regular expression`;
    else if (!sameList(patterns, rules[field])) ruleChanges[field] = patterns;
  }

  const agentLabel = form.agentLabel.trim();
  if (!agentLabel) errors.agentLabel = 'is required';
  else if (agentLabel !== rules.agentLabel) ruleChanges.agentLabel = agentLabel;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (Object.keys(ruleChanges).length > 0) patch.rules = ruleChanges;
  return { ok: true, body: patch };
}

const SERVER_FIELDS: Record<string, RulesField> = {
  name: 'name',
  timeZone: 'timeZone',
  productionPattern: 'productionPattern',
  'rules.attributionWindowS': 'attributionWindowMinutes',
  'rules.hotfixLabels': 'hotfixLabels',
  'rules.workingHours.start': 'workingHoursStart',
  'rules.workingHours.end': 'workingHoursEnd',
  'rules.workingHours.days': 'workingDays',
  'rules.workingHours': 'workingHoursStart',
  'rules.botPatterns': 'botPatterns',
  'rules.agentPatterns': 'agentPatterns',
  'rules.agentLabel': 'agentLabel',
};

/**
 * The form field of a server 400 (`details.field`, e.g. `rules.botPatterns.2` →
 * `botPatterns`) and its message without the field prefix; null when it names no field.
 */
export function fieldErrorFrom<K extends string>(
  error: unknown,
  map: Readonly<Record<string, K>>,
): { field: K; message: string } | null {
  if (!isApiError(error) || error.status !== 400) return null;
  const details = error.details as { field?: unknown } | undefined;
  const path = typeof details?.field === 'string' ? details.field : null;
  if (!path) return null;
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const field = map[parts.slice(0, n).join('.')];
    if (field) {
      const message = error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message;
      return { field, message };
    }
  }
  return null;
}

export function rulesFieldError(error: unknown) {
  return fieldErrorFrom(error, SERVER_FIELDS);
}

export const USER_SERVER_FIELDS: Record<string, UserField> = {
  email: 'email',
  name: 'name',
  password: 'password',
  roles: 'roles',
  groups: 'groups',
  squads: 'squads',
};

export const TOKEN_SERVER_FIELDS: Record<string, TokenField> = { name: 'name', scopes: 'scopes', expiresAt: 'expiresAt' };

// ---- CSV ----

export const userCsvColumns: CsvColumn<UserView>[] = [
  { header: 'id', value: (u) => u.id },
  { header: 'email', value: (u) => u.email },
  { header: 'name', value: (u) => u.name },
  { header: 'roles', value: (u) => u.roles.join('; ') },
  { header: 'groups', value: (u) => u.groups.join('; ') },
  { header: 'squads', value: (u) => u.squads.join('; ') },
  { header: 'disabled', value: (u) => u.disabled },
  { header: 'sign_in', value: (u) => [u.hasPassword ? 'password' : null, u.oidcLinked ? 'sso' : null].filter(Boolean).join('; ') },
  { header: 'last_login_at', value: (u) => u.lastLoginAt },
  { header: 'created_at', value: (u) => u.createdAt },
];

export const tokenCsvColumns: CsvColumn<TokenView>[] = [
  { header: 'id', value: (t) => t.id },
  { header: 'name', value: (t) => t.name },
  { header: 'prefix', value: (t) => t.prefix },
  { header: 'scopes', value: (t) => t.scopes.join('; ') },
  { header: 'status', value: (t) => tokenStatus(t) },
  { header: 'created_by', value: (t) => t.createdBy },
  { header: 'created_at', value: (t) => t.createdAt },
  { header: 'last_used_at', value: (t) => t.lastUsedAt },
  { header: 'expires_at', value: (t) => t.expiresAt },
  { header: 'revoked_at', value: (t) => t.revokedAt },
];

export const auditCsvColumns: CsvColumn<AuditEntry>[] = [
  { header: 'id', value: (a) => a.id },
  { header: 'at', value: (a) => a.at },
  { header: 'action', value: (a) => a.action },
  { header: 'outcome', value: (a) => a.outcome },
  { header: 'actor', value: (a) => a.actorLabel ?? a.actorId },
  { header: 'target', value: (a) => a.target },
  { header: 'ip', value: (a) => a.ip },
  { header: 'details', value: (a) => (a.details ? JSON.stringify(a.details) : null) },
];

/** Audit details as short "key: value" text for the table. */
export function auditDetailsText(details: Record<string, unknown> | null): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}
