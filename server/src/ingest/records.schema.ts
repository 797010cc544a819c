import { z } from 'zod';
import type { CanonicalRecord, RecordType } from '@bearing/shared';
import { RECORD_TYPES } from '@bearing/shared';

/**
 * Validation of canonical NDJSON records (data contract). Unknown extra fields are ignored
 * (the contract grows additively); every listed field is checked for type and shape.
 */

const key = z.string().trim().min(1, 'must be a non-empty string').max(512, 'must be at most 512 characters');
const text = (max = 1_000_000) => z.string().max(max, `must be at most ${max} characters`);
const timestamp = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 timestamp with an offset, e.g. 2026-03-01T12:00:00Z' })
  .refine((v) => !Number.isNaN(Date.parse(v)), 'is not a valid date');
const optTimestamp = timestamp.nullish();
const keyList = z.array(key).max(10_000);
const prNumber = z.number().int('must be an integer').positive('must be positive').max(2_147_483_647);
const sha = z.string().regex(/^[0-9a-fA-F]{4,64}$/, 'must be a hexadecimal commit SHA');

const group = z.object({ type: z.literal('group'), key, name: key, parent: key.nullish() });
const squad = z.object({ type: z.literal('squad'), key, name: key, group: key.nullish() });
const person = z.object({
  type: z.literal('person'),
  key,
  name: key,
  kind: z.enum(['human', 'bot', 'agent']),
  emails: z.array(z.string().trim().min(3).max(320)).max(100).optional(),
  logins: z.record(key, key).optional(),
  squads: keyList.optional(),
  roles: keyList.optional(),
  timeZone: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone')
    .nullish(),
});
const service = z.object({
  type: z.literal('service'),
  key,
  name: key,
  squads: keyList,
  repositories: keyList.optional(),
});
const repository = z.object({
  type: z.literal('repository'),
  key,
  url: z.string().max(2048).nullish(),
  squads: keyList,
  defaultBranch: key.nullish(),
});
const fileChange = z.object({
  path: z.string().min(1).max(4096),
  additions: z.number().int().min(0),
  deletions: z.number().int().min(0),
});
const commit = z.object({
  type: z.literal('commit'),
  repo: key,
  sha,
  parents: z.array(sha).max(64),
  author: key,
  authoredAt: timestamp,
  committedAt: timestamp,
  message: text(),
  files: z.array(fileChange).max(100_000).optional(),
});
const pullRequest = z.object({
  type: z.literal('pull_request'),
  repo: key,
  number: prNumber,
  title: text(10_000),
  body: text(),
  author: key,
  createdAt: timestamp,
  mergedAt: optTimestamp,
  closedAt: optTimestamp,
  baseBranch: key,
  headBranch: key,
  mergeSha: sha.nullish(),
  commits: z.array(sha).max(100_000).optional(),
  labels: keyList.optional(),
});
const prEvent = z.object({
  type: z.literal('pr_event'),
  repo: key,
  number: prNumber,
  id: key,
  kind: z.enum(['labeled', 'unlabeled', 'ready_for_review', 'edited']),
  label: key.nullish(),
  at: timestamp,
  actor: key.nullish(),
});
const review = z.object({
  type: z.literal('review'),
  repo: key,
  number: prNumber,
  id: key,
  reviewer: key,
  state: z.enum(['approved', 'changes_requested', 'commented', 'dismissed']),
  submittedAt: timestamp,
});
const ciRun = z.object({
  type: z.literal('ci_run'),
  repo: key,
  id: key,
  workflow: key,
  job: key.nullish(),
  branch: key,
  sha,
  pr: prNumber.nullish(),
  status: z.enum(['success', 'failure', 'cancelled', 'skipped']),
  startedAt: timestamp,
  finishedAt: timestamp,
});
const deployment = z.object({
  type: z.literal('deployment'),
  id: key,
  service: key,
  repo: key.nullish(),
  environment: key,
  sha: sha.nullish(),
  status: z.enum(['success', 'failure', 'cancelled']),
  startedAt: optTimestamp,
  finishedAt: timestamp,
  rollback: z.boolean().optional(),
  failed: z.boolean().optional(),
});
const incident = z.object({
  type: z.literal('incident'),
  id: key,
  service: key.nullish(),
  squad: key.nullish(),
  title: text(10_000),
  severity: key.nullish(),
  openedAt: timestamp,
  resolvedAt: optTimestamp,
  causedBy: z
    .object({
      deployment: key.optional(),
      sha: sha.optional(),
      pr: z.object({ repo: key, number: prNumber }).optional(),
    })
    .refine((c) => c.deployment !== undefined || c.sha !== undefined || c.pr !== undefined, {
      message: 'must name a deployment, sha or pr',
    })
    .nullish(),
});
const agentSession = z.object({
  type: z.literal('agent_session'),
  id: key,
  agent: key,
  repo: key.nullish(),
  pr: prNumber.nullish(),
  branch: key.nullish(),
  task: text(100_000).nullish(),
  scopePaths: z.array(z.string().min(1).max(4096)).max(10_000).optional(),
  startedAt: timestamp,
  endedAt: optTimestamp,
  outcome: z.enum(['merged', 'stopped', 'abandoned', 'running']).nullish(),
});
const agentSessionEvent = z.object({
  type: z.literal('agent_session_event'),
  session: key,
  id: key,
  kind: z.enum(['flagged', 'stopped', 'rebriefed', 'resumed', 'ended']),
  at: timestamp,
  by: key.nullish(),
  note: text(100_000).nullish(),
});
const pattern = z.object({
  type: z.literal('pattern'),
  key,
  title: text(10_000).min(1, 'must be a non-empty string'),
  status: z.enum(['active', 'retired']),
  createdAt: timestamp,
  updatedAt: optTimestamp,
  retiredAt: optTimestamp,
  replacedBy: key.nullish(),
  migrationNote: text(100_000).nullish(),
  path: z.string().max(4096).nullish(),
});

export const RECORD_SCHEMAS: Record<RecordType, z.ZodType> = {
  group,
  squad,
  person,
  service,
  repository,
  commit,
  pull_request: pullRequest,
  pr_event: prEvent,
  review,
  ci_run: ciRun,
  deployment,
  incident,
  agent_session: agentSession,
  agent_session_event: agentSessionEvent,
  pattern,
};

export type ValidationResult =
  | { ok: true; record: CanonicalRecord }
  | { ok: false; field: string; message: string };

const TYPE_SET = new Set<string>(RECORD_TYPES);

/** Validates one parsed JSON value as a canonical record; on failure names the first field at fault. */
export function validateRecord(value: unknown, options: { mayContainNul?: boolean } = {}): ValidationResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, field: '(line)', message: 'must be a JSON object' };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return { ok: false, field: 'type', message: 'is required and must be a string' };
  }
  if (!TYPE_SET.has(type)) {
    return { ok: false, field: 'type', message: `unknown type '${type.slice(0, 64)}'; expected one of ${RECORD_TYPES.join(', ')}` };
  }
  const parsed = RECORD_SCHEMAS[type as RecordType].safeParse(value);
  if (parsed.success) {
    // PostgreSQL text cannot hold U+0000: name the field instead of failing the write
    const nul = options.mayContainNul === false ? null : findNul(parsed.data, []);
    if (nul) return { ok: false, field: nul, message: 'must not contain NUL (U+0000) characters' };
    return { ok: true, record: parsed.data as CanonicalRecord };
  }
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(record)';
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  return { ok: false, field, message };
}

/** Path of the first string (value or key) containing U+0000, or null. */
function findNul(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(record)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return [...path, k.replace(/\u0000/g, '\\0')].join('.');
      const found = findNul(v, [...path, k]);
      if (found) return found;
    }
  }
  return null;
}

/** Parses and validates one NDJSON line. */
export function parseLine(line: string): ValidationResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, field: '(json)', message: `invalid JSON: ${(err as Error).message}` };
  }
  // JSON cannot carry a raw U+0000 inside a string, only the escape: skip the walk when it is absent
  return validateRecord(value, { mayContainNul: line.includes('\\u0000') });
}
