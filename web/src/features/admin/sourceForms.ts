import type { SourceInput, SourceKindName, SourceView } from '@bearing/shared';
import type { FieldErrors, FormResult } from './adminForms';
import { parseList, parseLines } from './adminForms';

/**
 * The source editor's form. Each kind's fields mirror its connector's `configSchema` on the
 * server (git: server/src/connectors/git/git.connector.ts, GitHub: github/config.ts, PagerDuty:
 * pagerduty/config.ts, CDEvents: cdevents/cdevents.mapper.ts): a field's `path` is its place in
 * the config (`tagDeploys.pattern` → `{tagDeploys: {pattern}}`), and the server's 400 names
 * the same path (`config.tagDeploys.pattern`), so its errors land on the right input.
 * Secrets are the connector's `secretKeys` (write-only: never shown, only whether they are set).
 */
export interface SourceForm {
  kind: SourceKindName;
  name: string;
  cron: string;
  enabled: boolean;
  /** config values by field path: text for text/lines/list/map/int fields, booleans for bool fields */
  config: Record<string, string | boolean>;
  /** secrets by name; empty = keep the stored one */
  secrets: Record<string, string>;
  /** secrets to clear */
  clearSecrets: string[];
}

/** `name`, `cron`, `secrets`, or a config field path such as `tagDeploys.pattern`. */
export type SourceField = string;

/**
 * text: a string (blank = unset, the server default applies); lines: one item per line → string[];
 * list: comma- or line-separated → string[]; map: "key = value" per line → Record; bool: a
 * checkbox; int: a whole number.
 */
export type ConfigFieldType = 'text' | 'lines' | 'list' | 'map' | 'bool' | 'int';

export interface ConfigFieldSpec {
  path: string;
  type: ConfigFieldType;
  label: string;
  hint: string;
  /** shown as the placeholder (text/int/list), or the initial value (bool) */
  default?: string | boolean;
  /** required: always, or (with `group`) whenever any field of the group is filled in */
  required?: boolean;
  /** fields that make one optional object together, e.g. `tagDeploys` */
  group?: string;
  /** under "More options" */
  advanced?: boolean;
  /** a problem with one value (a text, or each item of a list/lines, or each key of a map) */
  check?: (value: string) => string | null;
  min?: number;
  max?: number;
}

export interface SourceKindSpec {
  label: string;
  fields: readonly ConfigFieldSpec[];
  /** the connector's `secretKeys` */
  secrets: readonly string[];
  /** secrets a new source must have (the sync cannot work without them) */
  requiredSecrets: readonly string[];
  defaultCron: string;
  /** webhook-only kinds have no schedule */
  scheduled: boolean;
}

const REPO = /^[\w.-]+\/[\w.-]+$/;
const PD_ID = /^[A-Z0-9]{2,20}$/;
const repoName = (v: string) => (REPO.test(v) ? null : `"${v}" is not owner/name`);
const pdId = (v: string) => (PD_ID.test(v) ? null : `"${v}" is not a PagerDuty id such as PIJ90N7`);
const regex = (v: string) => {
  try {
    new RegExp(v);
    return null;
  } catch {
    return 'is not a valid regular expression';
  }
};
const httpUrl = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:' ? null : 'must be an http(s) URL';
  } catch {
    return 'must be an http(s) URL';
  }
};
const gitUrl = (v: string) =>
  v.startsWith('-')
    ? 'must not start with -'
    : /^(https?|ssh|git|file):\/\//.test(v) || /^[\w.-]+@[\w.-]+:/.test(v) || v.startsWith('/')
      ? null
      : 'must be a git URL (https://, ssh://, git@host:path, file://) or an absolute local path';

const GIT_FIELDS: ConfigFieldSpec[] = [
  { path: 'url', type: 'text', label: 'Repository URL or path', hint: 'https://…, ssh://…, git@host:path, file://…, or an absolute path on the server.', required: true, check: gitUrl },
  { path: 'repo', type: 'text', label: 'Repository key', hint: 'org/repo of the commits; default: the URL’s last two path segments.' },
  { path: 'branch', type: 'text', label: 'Default branch', hint: 'Where CODEOWNERS and the patterns folder are read; default: the remote HEAD.' },
  { path: 'patternsPath', type: 'text', label: 'Patterns folder', hint: 'Optional: markdown files with front matter, e.g. docs/patterns.', check: (v) => (v.split('/').includes('..') ? 'must stay inside the repository (no "..")' : null) },
  { path: 'tagDeploys.pattern', type: 'text', label: 'Deployment tag pattern', hint: 'Optional regular expression: matching tags become deployments, e.g. ^v\\d+.', group: 'tagDeploys', required: true, check: regex },
  { path: 'tagDeploys.service', type: 'text', label: 'Deployed service', hint: 'The service key of tag deployments (required with a tag pattern).', group: 'tagDeploys', required: true },
  { path: 'tagDeploys.environment', type: 'text', label: 'Deployment environment', hint: 'Default production.', group: 'tagDeploys', default: 'production' },
  { path: 'codeOwners', type: 'bool', label: 'Read CODEOWNERS', hint: '.github/, root or docs/, on the default branch.', default: true },
  { path: 'blobless', type: 'bool', label: 'Blobless clone', hint: 'Clone with --filter=blob:none when the server allows it.', default: true, advanced: true },
];

const GITHUB_FIELDS: ConfigFieldSpec[] = [
  { path: 'baseUrl', type: 'text', label: 'API base URL', hint: 'GitHub.com: https://api.github.com; Enterprise Server: https://host/api/v3.', default: 'https://api.github.com', check: httpUrl },
  { path: 'repositories', type: 'lines', label: 'Repositories', hint: 'One owner/name per line. Name repositories, an organisation, or both.', check: repoName },
  { path: 'org', type: 'text', label: 'Organisation', hint: 'Also sync every repository of this organisation.', check: (v) => (/^[\w.-]+$/.test(v) ? null : 'must be an organisation login') },
  { path: 'includeArchived', type: 'bool', label: 'Include archived repositories', hint: 'With an organisation.', default: false, advanced: true },
  { path: 'services', type: 'map', label: 'Services', hint: 'One "owner/name = service key" per line; default: the repository name itself.', check: repoName },
  { path: 'incidentLabels', type: 'list', label: 'Incident labels', hint: 'Issues with any of these labels are incidents.', default: 'incident' },
  { path: 'severityLabelPrefix', type: 'text', label: 'Severity label prefix', hint: 'severity:sev1 gives the severity sev1.', default: 'severity:', advanced: true },
  { path: 'deployments.api', type: 'bool', label: 'Read the Deployments API', hint: 'Deployments and their statuses.', default: true },
  { path: 'deployments.environments', type: 'list', label: 'Deployment environments', hint: 'Keep only these (comma-separated); empty = all.', advanced: true },
  { path: 'deployments.releases', type: 'bool', label: 'Releases are deployments', hint: 'Published releases count as successful deployments.', default: false },
  { path: 'deployments.includePrereleases', type: 'bool', label: 'Include prereleases', hint: 'With releases.', default: false, advanced: true },
  { path: 'deployments.releaseEnvironment', type: 'text', label: 'Release environment', hint: 'Default production.', default: 'production', advanced: true },
  { path: 'deployments.workflowPattern', type: 'text', label: 'Deploy workflow pattern', hint: 'Completed Actions runs of matching workflows are deployments, e.g. ^deploy.', check: regex },
  { path: 'deployments.workflowEnvironment', type: 'text', label: 'Workflow environment', hint: 'Default production.', default: 'production', advanced: true },
  { path: 'actions', type: 'bool', label: 'Sync Actions jobs as CI runs', hint: 'Completed workflow jobs.', default: true },
  { path: 'backfillDays', type: 'int', label: 'Backfill (days)', hint: 'How far back the first sync goes.', default: '180', min: 1, max: 3650 },
  { path: 'agentLabel', type: 'text', label: 'Agent PR label', hint: 'The label your coding agents put on their PRs.', advanced: true },
];

const PAGERDUTY_FIELDS: ConfigFieldSpec[] = [
  { path: 'baseUrl', type: 'text', label: 'API base URL', hint: 'https://api.pagerduty.com, or https://api.eu.pagerduty.com for the EU region.', default: 'https://api.pagerduty.com', check: httpUrl },
  { path: 'services', type: 'map', label: 'Services by id', hint: 'One "PagerDuty service id = Bearing service key" per line.', check: pdId },
  { path: 'servicesByName', type: 'map', label: 'Services by name', hint: 'One "PagerDuty service name = service key" per line, for ids not mapped above; unmapped services keep their name.' },
  { path: 'serviceIds', type: 'list', label: 'Only these services', hint: 'PagerDuty service ids, comma-separated; empty = all.', check: pdId },
  { path: 'teamIds', type: 'list', label: 'Only these teams', hint: 'PagerDuty team ids, comma-separated; empty = all.', check: pdId },
  { path: 'backfillDays', type: 'int', label: 'Backfill (days)', hint: 'How far back the first sync goes.', default: '90', min: 1, max: 3650 },
  { path: 'overlapHours', type: 'int', label: 'Overlap (hours)', hint: 'Each run re-reads incidents created this long before the cursor.', default: '72', min: 0, max: 2160, advanced: true },
  { path: 'fetchNotes', type: 'bool', label: 'Read notes for root causes', hint: 'One request per incident.', default: true },
  { path: 'rootCauseField', type: 'text', label: 'Root-cause custom field', hint: 'An incident custom field holding the root cause; wins over notes.', advanced: true },
  { path: 'defaultRepo', type: 'text', label: 'Default repository', hint: 'owner/name for a bare #123 in a root cause.', check: (v) => (REPO.test(v) ? null : 'must be owner/name'), advanced: true },
];

const CDEVENTS_FIELDS: ConfigFieldSpec[] = [
  { path: 'repo', type: 'text', label: 'Repository', hint: 'org/repo of changes, pipeline runs and deployments when an event names none.' },
  { path: 'branch', type: 'text', label: 'Branch', hint: 'Branch of pipeline runs without customData.branch, and base branch of changes without customData.baseBranch.', default: 'main' },
];

export const SOURCE_KINDS: Record<SourceKindName, SourceKindSpec> = {
  git: { label: 'git repository', fields: GIT_FIELDS, secrets: ['token'], requiredSecrets: [], defaultCron: '*/30 * * * *', scheduled: true },
  github: { label: 'GitHub', fields: GITHUB_FIELDS, secrets: ['token', 'webhookSecret'], requiredSecrets: [], defaultCron: '*/15 * * * *', scheduled: true },
  pagerduty: { label: 'PagerDuty', fields: PAGERDUTY_FIELDS, secrets: ['token', 'webhookSecret'], requiredSecrets: ['token'], defaultCron: '*/15 * * * *', scheduled: true },
  cdevents: { label: 'CDEvents (webhook)', fields: CDEVENTS_FIELDS, secrets: [], requiredSecrets: [], defaultCron: '0 * * * *', scheduled: false },
};

export const SECRET_LABELS: Record<string, string> = {
  token: 'API token',
  webhookSecret: 'Webhook signing secret',
};

export function emptySourceForm(kind: SourceKindName = 'github'): SourceForm {
  const config: Record<string, string | boolean> = {};
  for (const f of SOURCE_KINDS[kind].fields) config[f.path] = f.type === 'bool' ? f.default === true : '';
  return { kind, name: '', cron: SOURCE_KINDS[kind].defaultCron, enabled: true, config, secrets: {}, clearSecrets: [] };
}

function getPath(obj: Record<string, unknown>, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let o = obj;
  for (const part of parts.slice(0, -1)) {
    if (!o[part] || typeof o[part] !== 'object') o[part] = {};
    o = o[part] as Record<string, unknown>;
  }
  o[parts[parts.length - 1]!] = value;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A stored value → the field's text (or boolean). */
function toFieldValue(f: ConfigFieldSpec, v: unknown): string | boolean {
  switch (f.type) {
    case 'bool':
      return typeof v === 'boolean' ? v : f.default === true;
    case 'int':
      return typeof v === 'number' ? String(v) : '';
    case 'lines':
      return strings(v).join('\n');
    case 'list':
      return strings(v).join(', ');
    case 'map':
      return v && typeof v === 'object' ? Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k} = ${String(x)}`).join('\n') : '';
    case 'text':
      return typeof v === 'string' ? v : '';
  }
}

export function sourceToForm(source: SourceView): SourceForm {
  const form = emptySourceForm(source.kind);
  for (const f of SOURCE_KINDS[source.kind].fields) form.config[f.path] = toFieldValue(f, getPath(source.config, f.path));
  return { ...form, name: source.name, cron: source.cron, enabled: source.enabled };
}

/** Five or six space-separated cron fields (minute … weekday), as the scheduler accepts. */
export function isCron(text: string): boolean {
  const fields = text.trim().split(/\s+/);
  return (fields.length === 5 || fields.length === 6) && fields.every((f) => /^[\d*/,\-A-Za-z?LW#]+$/.test(f));
}

/** "key = value" lines → {key: value} (the value may hold spaces); the bad line's number otherwise. */
export function parseMapping(text: string): { ok: true; mapping: Record<string, string> } | { ok: false; line: number } {
  const mapping: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const at = line.indexOf('=');
    const key = at > 0 ? line.slice(0, at).trim() : '';
    const value = at > 0 ? line.slice(at + 1).trim() : '';
    if (!key || !value) return { ok: false, line: i + 1 };
    mapping[key] = value;
  }
  return { ok: true, mapping };
}

/** One field's text → its config value (undefined = leave unset), or the problem. */
function fieldValue(f: ConfigFieldSpec, raw: string | boolean): { value?: unknown; error?: string } {
  if (f.type === 'bool') return { value: raw === true };
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) return {};
  switch (f.type) {
    case 'text': {
      const error = f.check?.(text);
      return error ? { error } : { value: text };
    }
    case 'int': {
      const n = Number(text);
      if (!Number.isInteger(n) || (f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) {
        return { error: `must be a whole number from ${f.min} to ${f.max}` };
      }
      return { value: n };
    }
    case 'lines':
    case 'list': {
      const items = f.type === 'lines' ? parseLines(text) : parseList(text);
      for (const item of items) {
        const error = f.check?.(item);
        if (error) return { error };
      }
      return { value: items };
    }
    case 'map': {
      const parsed = parseMapping(text);
      if (!parsed.ok) return { error: `line ${parsed.line} must read "key = value"` };
      for (const key of Object.keys(parsed.mapping)) {
        const error = f.check?.(key);
        if (error) return { error };
      }
      return { value: parsed.mapping };
    }
  }
}

/**
 * The API body for a new source (`current` null) or an edit: the chosen kind's config in the
 * connector's shape (blank fields are left out, so the server's defaults apply), and secrets
 * only when typed (write-only), or as "" when cleared.
 */
export function toSourceInput(form: SourceForm, current: SourceView | null): FormResult<SourceField, SourceInput> {
  const spec = SOURCE_KINDS[form.kind];
  const errors: FieldErrors<SourceField> = {};
  const config: Record<string, unknown> = {};
  if (!form.name.trim()) errors.name = 'is required';
  if (spec.scheduled && !isCron(form.cron)) errors.cron = 'must be a cron expression with 5 fields, e.g. */15 * * * *';
  const filled = (path: string) => {
    const v = form.config[path];
    return typeof v === 'string' && v.trim() !== '';
  };
  for (const f of spec.fields) {
    const { value, error } = fieldValue(f, form.config[f.path] ?? '');
    if (error) errors[f.path] = error;
    else if (value !== undefined) setPath(config, f.path, value);
    else if (f.required) {
      const groupUsed = f.group ? spec.fields.some((g) => g.group === f.group && filled(g.path)) : true;
      if (groupUsed) errors[f.path] = f.group ? `is required with the other ${f.group} fields` : 'is required';
    }
  }
  if (form.kind === 'github' && !errors.repositories && !errors.org && !filled('repositories') && !filled('org')) {
    errors.repositories = 'name at least one repository or an org';
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
  const body: SourceInput = { kind: form.kind, name: form.name.trim(), enabled: form.enabled, config };
  if (spec.scheduled) body.cron = form.cron.trim();
  if (Object.keys(secrets).length) body.secrets = secrets;
  return { ok: true, body };
}

/**
 * A server 400 field path → the form field it belongs to: `config.tagDeploys.pattern` →
 * `tagDeploys.pattern`, `config.services.acme/api` → `services`, `secrets.token` → `secrets`;
 * null when no input shows it (the message then goes above the buttons).
 */
export function sourceFieldFrom(path: string, kind: SourceKindName): SourceField | null {
  if (path === 'name' || path === 'cron') return path;
  if (path === 'secrets' || path.startsWith('secrets.')) return 'secrets';
  if (!path.startsWith('config.')) return null;
  const rest = path.slice('config.'.length);
  const fields = SOURCE_KINDS[kind].fields.map((f) => f.path);
  const match = fields.filter((p) => rest === p || rest.startsWith(`${p}.`)).sort((a, b) => b.length - a.length)[0];
  return match ?? fields.find((p) => p.startsWith(`${rest}.`)) ?? null;
}
