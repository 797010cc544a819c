import type { SourceInput, SourceKindName, SourceView } from '@bearing/shared';
import type { FieldErrors, FormResult } from './adminForms';
import { parseLines } from './adminForms';

/**
 * The source editor's form, one shape for every kind; `SOURCE_KINDS` says which fields each
 * kind uses, which are required, and which are secrets (write-only: never shown, only whether
 * they are set). Config keys match the connectors' `configSchema`s.
 */
export interface SourceForm {
  kind: SourceKindName;
  name: string;
  cron: string;
  enabled: boolean;
  /** git: repository URL or local path */
  url: string;
  /** git: the pattern-library folder, e.g. docs/patterns */
  patternsPath: string;
  /** git: regular expression of release tags */
  tagPattern: string;
  /** github / pagerduty: API base URL */
  baseUrl: string;
  /** github: one `owner/name` per line */
  repositories: string;
  /** pagerduty: one `PD service id = service key` per line */
  serviceMapping: string;
  /** secrets by name; empty = keep the stored one */
  secrets: Record<string, string>;
  /** secrets to clear */
  clearSecrets: string[];
}

export type SourceField = 'name' | 'cron' | 'url' | 'patternsPath' | 'tagPattern' | 'baseUrl' | 'repositories' | 'serviceMapping' | 'secrets';

export interface SourceKindSpec {
  label: string;
  fields: ReadonlyArray<Exclude<SourceField, 'name' | 'cron' | 'secrets'>>;
  secrets: readonly string[];
  /** secrets a new source must have */
  requiredSecrets: readonly string[];
  defaultCron: string;
}

export const SOURCE_KINDS: Record<SourceKindName, SourceKindSpec> = {
  git: { label: 'git repository', fields: ['url', 'patternsPath', 'tagPattern'], secrets: ['token'], requiredSecrets: [], defaultCron: '*/30 * * * *' },
  github: { label: 'GitHub', fields: ['baseUrl', 'repositories'], secrets: ['token', 'webhookSecret'], requiredSecrets: ['token'], defaultCron: '*/15 * * * *' },
  pagerduty: { label: 'PagerDuty', fields: ['baseUrl', 'serviceMapping'], secrets: ['token', 'webhookSecret'], requiredSecrets: ['token'], defaultCron: '*/15 * * * *' },
  cdevents: { label: 'CDEvents (webhook)', fields: [], secrets: ['webhookToken'], requiredSecrets: ['webhookToken'], defaultCron: '0 3 * * *' },
};

export const SECRET_LABELS: Record<string, string> = {
  token: 'API token',
  webhookSecret: 'Webhook signing secret',
  webhookToken: 'Receiver token',
};

export function emptySourceForm(kind: SourceKindName = 'github'): SourceForm {
  return {
    kind,
    name: '',
    cron: SOURCE_KINDS[kind].defaultCron,
    enabled: true,
    url: '',
    patternsPath: '',
    tagPattern: '',
    baseUrl: kind === 'github' ? 'https://api.github.com' : kind === 'pagerduty' ? 'https://api.pagerduty.com' : '',
    repositories: '',
    serviceMapping: '',
    secrets: {},
    clearSecrets: [],
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function sourceToForm(source: SourceView): SourceForm {
  const c = source.config;
  const repos = Array.isArray(c.repositories) ? c.repositories.filter((r): r is string => typeof r === 'string') : [];
  const mapping = c.serviceMapping && typeof c.serviceMapping === 'object' ? Object.entries(c.serviceMapping as Record<string, unknown>) : [];
  return {
    ...emptySourceForm(source.kind),
    name: source.name,
    cron: source.cron,
    enabled: source.enabled,
    url: str(c.url),
    patternsPath: str(c.patternsPath),
    tagPattern: str(c.tagPattern),
    baseUrl: str(c.baseUrl),
    repositories: repos.join('\n'),
    serviceMapping: mapping.map(([id, key]) => `${id} = ${str(key)}`).join('\n'),
  };
}

/** Five or six space-separated cron fields (minute … weekday), as the scheduler accepts. */
export function isCron(text: string): boolean {
  const fields = text.trim().split(/\s+/);
  return (fields.length === 5 || fields.length === 6) && fields.every((f) => /^[\d*/,\-A-Za-z?LW#]+$/.test(f));
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** "PABC123 = payments-api" lines → {PABC123: 'payments-api'}; the bad line's number otherwise. */
export function parseServiceMapping(text: string): { ok: true; mapping: Record<string, string> } | { ok: false; line: number } {
  const mapping: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const m = /^([^=\s]+)\s*=\s*([^=\s]+)$/.exec(line);
    if (!m) return { ok: false, line: i + 1 };
    mapping[m[1]!] = m[2]!;
  }
  return { ok: true, mapping };
}

/**
 * The API body for a new source (`current` null) or an edit. Only the chosen kind's config is
 * sent; secrets only when typed (write-only), or as "" when cleared.
 */
export function toSourceInput(form: SourceForm, current: SourceView | null): FormResult<SourceField, SourceInput> {
  const spec = SOURCE_KINDS[form.kind];
  const errors: FieldErrors<SourceField> = {};
  const config: Record<string, unknown> = {};
  if (!form.name.trim()) errors.name = 'is required';
  if (!isCron(form.cron)) errors.cron = 'must be a cron expression with 5 fields, e.g. */15 * * * *';
  const uses = new Set(spec.fields);
  if (uses.has('url')) {
    const url = form.url.trim();
    if (!url) errors.url = 'is required: a repository URL or a local path';
    else if (/^[a-z]+:\/\//i.test(url) && !/^(https?|ssh|git|file):\/\//i.test(url)) errors.url = 'must be an http(s), ssh, git or file URL, or a local path';
    config.url = url;
  }
  if (uses.has('patternsPath') && form.patternsPath.trim()) {
    const path = form.patternsPath.trim().replace(/^\/+|\/+$/g, '');
    if (path.split('/').includes('..')) errors.patternsPath = 'must stay inside the repository (no "..")';
    config.patternsPath = path;
  }
  if (uses.has('tagPattern') && form.tagPattern.trim()) {
    try {
      new RegExp(form.tagPattern.trim());
      config.tagPattern = form.tagPattern.trim();
    } catch {
      errors.tagPattern = 'is not a valid regular expression';
    }
  }
  if (uses.has('baseUrl')) {
    if (!isHttpUrl(form.baseUrl.trim())) errors.baseUrl = 'must be an http(s) URL, e.g. https://api.github.com';
    config.baseUrl = form.baseUrl.trim().replace(/\/+$/, '');
  }
  if (uses.has('repositories')) {
    const repos = parseLines(form.repositories);
    const bad = repos.find((r) => !/^[\w.-]+\/[\w.-]+$/.test(r));
    if (repos.length === 0) errors.repositories = 'needs at least one owner/name';
    else if (bad) errors.repositories = `"${bad}" is not owner/name`;
    config.repositories = repos;
  }
  if (uses.has('serviceMapping')) {
    const parsed = parseServiceMapping(form.serviceMapping);
    if (!parsed.ok) errors.serviceMapping = `line ${parsed.line} must read "PagerDuty service id = Bearing service key"`;
    else config.serviceMapping = parsed.mapping;
  }
  const secrets: Record<string, string> = {};
  for (const name of spec.secrets) {
    const value = form.secrets[name] ?? '';
    if (value) secrets[name] = value;
    else if (form.clearSecrets.includes(name) && current?.secretsSet.includes(name)) secrets[name] = '';
  }
  const willBeSet = (name: string) => secrets[name] !== '' && (secrets[name] !== undefined || (current?.kind === form.kind && current.secretsSet.includes(name)));
  const missing = spec.requiredSecrets.filter((name) => !willBeSet(name));
  if (missing.length) errors.secrets = `${missing.map((n) => SECRET_LABELS[n] ?? n).join(' and ')} required`;
  if (Object.keys(errors).length) return { ok: false, errors };
  const body: SourceInput = { kind: form.kind, name: form.name.trim(), cron: form.cron.trim(), enabled: form.enabled, config };
  if (Object.keys(secrets).length) body.secrets = secrets;
  return { ok: true, body };
}

/** Server 400 field paths → form fields (`config.repositories` → repositories). */
export function sourceFieldFrom(path: string): SourceField | null {
  const last = path.replace(/^config\./, '').split('.')[0] ?? '';
  if (path.startsWith('secrets')) return 'secrets';
  const fields: SourceField[] = ['name', 'cron', 'url', 'patternsPath', 'tagPattern', 'baseUrl', 'repositories', 'serviceMapping'];
  return (fields as string[]).includes(last) ? (last as SourceField) : null;
}
