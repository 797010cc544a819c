import { readFileSync } from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';
import { type TestDatabase, createTestDatabase } from '../support/db.js';

/**
 * Worked DORA and team-health scenarios through the real app and PostgreSQL: canonical NDJSON
 * in, `GET /api/v1/metrics` and its drill-down out. Every expected number is derived in a
 * comment from the records below (metrics.md definitions).
 */

const NDJSON = 'application/x-ndjson';
const ALL_KEYS = [
  'change_failure_rate',
  'deployment_frequency',
  'deployment_rework_rate',
  'failed_deployment_recovery_time',
  'incident_count',
  'lead_time_for_changes',
  'on_call_load',
  'out_of_hours_commit_rate',
  'review_concentration',
  'review_pickup_time',
  'time_to_restore',
];
/** computed too, but this scenario has no pattern library: they are pinned in patterns.spec.ts */
const PATTERN_KEYS = ['pattern_citation_rate', 'pattern_library_freshness', 'retired_pattern_citations'];
/** computed too, checked in drift.spec.ts */
const DRIFT_KEYS = ['drift_recovery_time', 'drift_episodes', 'drift_caught_early_rate', 'drift_expensive_rate'];

interface Harness {
  db: TestDatabase;
  app: NestExpressApplication;
  token: string;
}

async function start(prefix: string, timeZone: string | null): Promise<Harness> {
  const db = await createTestDatabase(prefix);
  if (timeZone) await db.query(`UPDATE org_settings SET time_zone = $1`, [timeZone]);
  const app = await createTestApp(db.url);
  return { db, app, token: await adminToken(app) };
}

async function stop(h: Harness | undefined): Promise<void> {
  await h?.app.close();
  await h?.db.drop();
}

const get = (h: Harness, url: string) => request(h.app.getHttpServer()).get(url).set('Authorization', bearer(h.token));
const put = (h: Harness, url: string, body: unknown) => request(h.app.getHttpServer()).put(url).set('Authorization', bearer(h.token)).send(body as object);

async function importNdjson(h: Harness, body: string): Promise<void> {
  const res = await request(h.app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(h.token)).set('Content-Type', NDJSON).send(body);
  expect({ status: res.status, rejected: res.body.rejected }).toEqual({ status: 200, rejected: [] });
}

/** Rounds away floating-point noise so 2/6 and 0.333… compare equal. */
const r = (x: unknown) => (typeof x === 'number' ? Math.round(x * 1e9) / 1e9 : x);

interface Headline {
  value: number | null;
  sampleSize: number;
  p90?: number | null;
  tier?: string | null;
}

/** The headline fields of a metric (p90/tier are absent where a metric has none). */
const headline = (m: Record<string, unknown>): Headline => ({
  value: r(m.value) as number | null,
  sampleSize: m.sampleSize as number,
  p90: r(m.p90) as number | null | undefined,
  tier: m.tier as string | null | undefined,
});
const rounded = (e: Record<string, Headline>) =>
  Object.fromEntries(Object.entries(e).map(([k, v]) => [k, { value: r(v.value), sampleSize: v.sampleSize, p90: r(v.p90), tier: v.tier }]));

// ---------------------------------------------------------------------------------------------
// A small org (times UTC; local = America/New_York, UTC−5 in February 2026)
//
//   group eng ⊃ group platform; squad alpha ∈ platform, squad beta ∈ eng
//   pay-api (alpha, repo acme/pay with git history), web (beta, repo acme/web without commits
//   → merged-PR window), shared-gw (alpha AND beta, no repository), legacy (no squad: org only)
// Period: [2026-02-02, 2026-02-16) local, weeks starting Mon 02-02 and Mon 02-09.
// ---------------------------------------------------------------------------------------------
const org: Record<string, unknown>[] = [
  { type: 'group', key: 'eng', name: 'Engineering' },
  { type: 'group', key: 'platform', name: 'Platform', parent: 'eng' },
  { type: 'squad', key: 'alpha', name: 'Alpha', group: 'platform' },
  { type: 'squad', key: 'beta', name: 'Beta', group: 'eng' },
  { type: 'person', key: 'ana', name: 'Ana', kind: 'human', emails: ['ana@acme.test'], logins: { github: 'ana-gh' }, squads: ['alpha'] },
  { type: 'person', key: 'ben', name: 'Ben', kind: 'human', squads: ['alpha'] },
  { type: 'person', key: 'cho', name: 'Cho', kind: 'human', squads: ['beta'], roles: ['practice_lead'], timeZone: 'Europe/Berlin' },
  { type: 'person', key: 'dee', name: 'Dee', kind: 'human', squads: ['beta'] },
  { type: 'person', key: 'codex', name: 'Codex', kind: 'agent' },
  { type: 'service', key: 'pay-api', name: 'Payments API', squads: ['alpha'], repositories: ['acme/pay'] },
  { type: 'service', key: 'web', name: 'Web', squads: ['beta'], repositories: ['acme/web'] },
  { type: 'service', key: 'shared-gw', name: 'Shared gateway', squads: ['alpha', 'beta'] },
  { type: 'service', key: 'legacy', name: 'Legacy', squads: [] },
  { type: 'repository', key: 'acme/pay', squads: ['alpha'], defaultBranch: 'main' },
  { type: 'repository', key: 'acme/web', squads: ['beta'], defaultBranch: 'main' },

  // acme/pay main: a000 ← a001 ← a002 ← a003 ← a004 ← c001 (local times in brackets)
  { type: 'commit', repo: 'acme/pay', sha: 'a000', parents: [], author: 'ana', authoredAt: '2026-01-26T15:00:00Z', committedAt: '2026-01-26T15:00:00Z', message: 'Initial' },
  { type: 'commit', repo: 'acme/pay', sha: 'a001', parents: ['a000'], author: 'ana', authoredAt: '2026-02-02T14:00:00Z', committedAt: '2026-02-02T14:00:00Z', message: 'Add refunds' }, // Mon 09:00: in hours
  { type: 'commit', repo: 'acme/pay', sha: 'a002', parents: ['a001'], author: 'ben', authoredAt: '2026-02-03T23:00:00Z', committedAt: '2026-02-03T23:00:00Z', message: 'Bump limits' }, // Tue 18:00: out; no PR
  { type: 'commit', repo: 'acme/pay', sha: 'a003', parents: ['a002'], author: 'codex', authoredAt: '2026-02-05T15:00:00Z', committedAt: '2026-02-05T15:00:00Z', message: 'Retry webhooks' }, // agent: not a human commit
  { type: 'commit', repo: 'acme/pay', sha: 'a004', parents: ['a003'], author: 'ana', authoredAt: '2026-02-10T13:00:00Z', committedAt: '2026-02-10T13:00:00Z', message: 'Fix double charge' }, // Tue 08:00: out
  { type: 'commit', repo: 'acme/pay', sha: 'c001', parents: ['a004'], author: 'cho', authoredAt: '2026-02-12T17:30:00Z', committedAt: '2026-02-12T17:30:00Z', message: 'Docs' }, // 12:30 NY but 18:30 Berlin (cho's zone): out

  { type: 'pull_request', repo: 'acme/pay', number: 1, title: 'Add refunds', body: '', author: 'ana-gh', createdAt: '2026-02-02T15:00:00Z', mergedAt: '2026-02-03T15:00:00Z', baseBranch: 'main', headBranch: 'refunds', mergeSha: 'a001', commits: ['a001'] },
  { type: 'pull_request', repo: 'acme/pay', number: 2, title: 'Retry webhooks', body: '', author: 'codex', createdAt: '2026-02-05T16:00:00Z', mergedAt: '2026-02-06T16:00:00Z', baseBranch: 'main', headBranch: 'retry', mergeSha: 'a003', commits: ['a003'] },
  { type: 'pull_request', repo: 'acme/pay', number: 3, title: 'Fix double charge', body: '', author: 'ana', createdAt: '2026-02-10T14:00:00Z', mergedAt: '2026-02-10T16:00:00Z', baseBranch: 'main', headBranch: 'fix', mergeSha: 'a004', commits: ['a004'], labels: ['hotfix'] },
  { type: 'pull_request', repo: 'acme/pay', number: 4, title: 'Bump lodash', body: '', author: 'dependabot[bot]', createdAt: '2026-02-04T12:00:00Z', baseBranch: 'main', headBranch: 'deps' },
  { type: 'pull_request', repo: 'acme/pay', number: 5, title: 'Spike', body: '', author: 'ana', createdAt: '2026-02-13T14:00:00Z', baseBranch: 'main', headBranch: 'spike' },
  { type: 'review', repo: 'acme/pay', number: 1, id: 'r1', reviewer: 'ana@acme.test', state: 'commented', submittedAt: '2026-02-02T15:30:00Z' }, // self-review (alias)
  { type: 'review', repo: 'acme/pay', number: 1, id: 'r2', reviewer: 'dependabot[bot]', state: 'commented', submittedAt: '2026-02-02T16:00:00Z' }, // bot
  { type: 'review', repo: 'acme/pay', number: 1, id: 'r3', reviewer: 'ben', state: 'approved', submittedAt: '2026-02-02T17:00:00Z' },
  { type: 'review', repo: 'acme/pay', number: 2, id: 'r4', reviewer: 'ben', state: 'approved', submittedAt: '2026-02-05T20:00:00Z' },
  { type: 'review', repo: 'acme/pay', number: 2, id: 'r5', reviewer: 'cho', state: 'commented', submittedAt: '2026-02-06T10:00:00Z' },
  { type: 'review', repo: 'acme/pay', number: 2, id: 'r6', reviewer: 'ana', state: 'commented', submittedAt: '2026-02-06T11:00:00Z' },
  { type: 'review', repo: 'acme/pay', number: 3, id: 'r7', reviewer: 'ben', state: 'approved', submittedAt: '2026-02-10T15:00:00Z' },
  { type: 'review', repo: 'acme/pay', number: 4, id: 'r8', reviewer: 'ben', state: 'approved', submittedAt: '2026-02-04T13:00:00Z' },

  // acme/web has no commit history: deployments ship the PRs merged between deployments
  { type: 'pull_request', repo: 'acme/web', number: 10, title: 'New header', body: '', author: 'cho', createdAt: '2026-02-03T14:00:00Z', mergedAt: '2026-02-04T14:00:00Z', baseBranch: 'main', headBranch: 'header' },
  { type: 'pull_request', repo: 'acme/web', number: 11, title: 'Backport', body: '', author: 'dee', createdAt: '2026-02-11T14:00:00Z', mergedAt: '2026-02-11T20:00:00Z', baseBranch: 'release', headBranch: 'backport' },
  { type: 'pull_request', repo: 'acme/web', number: 12, title: 'Footer', body: '', author: 'dee', createdAt: '2026-02-12T14:00:00Z', mergedAt: '2026-02-12T15:00:00Z', baseBranch: 'main', headBranch: 'footer' },
  { type: 'review', repo: 'acme/web', number: 10, id: 'w1', reviewer: 'dee', state: 'approved', submittedAt: '2026-02-03T15:00:00Z' },
  { type: 'review', repo: 'acme/web', number: 11, id: 'w2', reviewer: 'cho', state: 'approved', submittedAt: '2026-02-11T16:00:00Z' },
  { type: 'review', repo: 'acme/web', number: 12, id: 'w3', reviewer: 'dee', state: 'commented', submittedAt: '2026-02-12T14:10:00Z' }, // self
  { type: 'review', repo: 'acme/web', number: 12, id: 'w4', reviewer: 'cho', state: 'approved', submittedAt: '2026-02-12T14:30:00Z' },

  // deployments
  { type: 'deployment', id: 'pay-0', service: 'pay-api', repo: 'acme/pay', environment: 'production', sha: 'a000', status: 'success', finishedAt: '2026-01-27T15:00:00Z' }, // baseline
  { type: 'deployment', id: 'pay-1', service: 'pay-api', repo: 'acme/pay', environment: 'production', sha: 'a002', status: 'success', startedAt: '2026-02-03T23:30:00Z', finishedAt: '2026-02-04T00:00:00Z' }, // Tue 02-03 19:00
  { type: 'deployment', id: 'pay-2', service: 'pay-api', repo: 'acme/pay', environment: 'production', sha: 'a003', status: 'success', finishedAt: '2026-02-09T04:30:00Z' }, // Sun 02-08 23:30 local
  { type: 'deployment', id: 'pay-3', service: 'pay-api', repo: 'acme/pay', environment: 'production', sha: 'a002', status: 'success', finishedAt: '2026-02-09T06:30:00Z' }, // Mon 01:30: back to pay-1's SHA
  { type: 'deployment', id: 'pay-s', service: 'pay-api', repo: 'acme/pay', environment: 'staging', sha: 'a004', status: 'success', finishedAt: '2026-02-10T12:00:00Z' },
  { type: 'deployment', id: 'pay-x', service: 'pay-api', repo: 'acme/pay', environment: 'production', sha: 'a004', status: 'failure', finishedAt: '2026-02-10T17:00:00Z' },
  { type: 'deployment', id: 'pay-4', service: 'pay-api', repo: 'acme/pay', environment: 'production', sha: 'a004', status: 'success', finishedAt: '2026-02-10T18:00:00Z' }, // Tue 13:00
  { type: 'deployment', id: 'web-0', service: 'web', repo: 'acme/web', environment: 'live', status: 'success', finishedAt: '2026-01-28T15:00:00Z' }, // baseline
  { type: 'deployment', id: 'web-1', service: 'web', repo: 'acme/web', environment: 'live', status: 'success', startedAt: '2026-02-05T14:00:00Z', finishedAt: '2026-02-05T14:30:00Z' },
  { type: 'deployment', id: 'web-2', service: 'web', repo: 'acme/web', environment: 'live', status: 'success', startedAt: '2026-02-12T16:00:00Z', finishedAt: '2026-02-12T16:20:00Z' },
  { type: 'deployment', id: 'gw-1', service: 'shared-gw', environment: 'prod', status: 'success', finishedAt: '2026-02-05T20:00:00Z' }, // baseline of shared-gw
  { type: 'deployment', id: 'gw-2', service: 'shared-gw', environment: 'prod', status: 'success', finishedAt: '2026-02-11T15:00:00Z' },
  { type: 'deployment', id: 'legacy-1', service: 'legacy', environment: 'production', status: 'success', finishedAt: '2026-02-06T15:00:00Z' },

  // incidents
  { type: 'incident', id: 'inc-101', service: 'pay-api', title: 'Double charges', severity: 'sev2', openedAt: '2026-02-10T19:00:00Z', resolvedAt: '2026-02-10T22:00:00Z' }, // 1 h after pay-4
  { type: 'incident', id: 'inc-102', service: 'web', title: 'Header broken', severity: 'sev1', openedAt: '2026-02-12T17:00:00Z', resolvedAt: '2026-02-12T19:00:00Z', causedBy: { pr: { repo: 'acme/web', number: 10 } } }, // 40 min after web-2
  { type: 'incident', id: 'inc-103', service: 'web', title: 'Slow pages', severity: 'sev3', openedAt: '2026-02-14T17:00:00Z', resolvedAt: '2026-02-14T17:30:00Z' }, // Sat noon, 48 h 40 min after web-2
  { type: 'incident', id: 'inc-104', service: 'shared-gw', title: 'Gateway 502', severity: 'sev2', openedAt: '2026-02-11T16:00:00Z', resolvedAt: '2026-02-11T18:00:00Z', causedBy: { deployment: 'gw-2' } },
  { type: 'incident', id: 'inc-105', service: 'shared-gw', title: 'Gateway timeouts', severity: 'sev2', openedAt: '2026-02-11T17:00:00Z', resolvedAt: '2026-02-12T01:00:00Z' }, // 2 h after gw-2
  { type: 'incident', id: 'inc-106', service: 'legacy', title: 'Legacy down', severity: 'sev3', openedAt: '2026-02-13T15:00:00Z', resolvedAt: '2026-02-13T16:00:00Z' }, // 7 days after legacy-1
  { type: 'incident', id: 'inc-107', squad: 'beta', title: 'Pager noise', openedAt: '2026-02-09T03:00:00Z', resolvedAt: '2026-02-09T05:00:00Z' }, // Sun 02-08 22:00 local; no service
];

// Which events each scope sees:
//   alpha: pay-api, shared-gw, repo acme/pay            beta: web, shared-gw, repo acme/web, incidents of squad beta
//   group:eng = alpha ∪ beta (platform is a child of eng; shared-gw once)     org = eng ∪ legacy
// Successful production deployments in the period (local finish day):
//   pay-1 02-03, pay-2 02-08 (Sun 23:30), pay-3 02-09, pay-4 02-10, gw-1 02-05, gw-2 02-11,
//   web-1 02-05, web-2 02-12, legacy-1 02-06   (pay-0/web-0 before the period; pay-s staging; pay-x failed)
// Changes (lead time = deployment finished − change start):
//   pay-1 ships PR #1 (start = first commit 02-02 14:00Z; → 02-04 00:00Z = 34 h = 122 400) and commit a002
//     without PR (23:00Z → 00:00Z = 3 600); pay-2 ships PR #2 (02-05 15:00Z → 02-09 04:30Z = 85.5 h = 307 800);
//   pay-3 goes back to a002 (older SHA: a rollback) and ships nothing; pay-4 ships PR #3 only (13:00Z → 18:00Z
//     = 18 000), PR #2 keeping pay-2;
//   web-1 ships #10 (merged between web-0 and web-1; start = creation 02-03 14:00Z → 02-05 14:30Z = 174 600),
//   web-2 ships #12 (14:00Z → 16:20Z = 8 400); #11 went to "release", not the default branch.
// Failures: pay-2 (rollback pay-3 follows; recovery 04:30 → 06:30 = 7 200), pay-4 (inc-101 heuristic;
//   19:00 → 22:00 = 10 800), gw-2 (inc-104 explicit + inc-105 heuristic: counts once; 16:00 → 01:00 = 32 400),
//   web-1 (inc-102 names PR #10 → explicit, although web-2 is the latest before it; 17:00 → 19:00 = 7 200).
//   inc-103 (48 h 40 min after web-2), inc-106 (7 days after legacy-1), inc-107 (no service) are not change-related.
// Rework: pay-3 (rollback), pay-4 (ships hotfix PR #3), web-1 (ships PR #10, linked to inc-102).
// Incident durations: 101 10 800, 102 7 200, 103 1 800, 104 7 200, 105 28 800, 106 3 600, 107 7 200.
// Out of hours (Mon–Fri 09–18 local): incidents 103 (Sat) and 107 (Sun); commits a002, a004, c001 of 4 human.
// First qualifying reviews: #1 ben 17:00 (after ana's self-review and the bot's) → 7 200; #2 4 h = 14 400;
//   #3 3 600; #4 is a bot PR, #5 never reviewed; #10 3 600; #11 7 200; #12 cho 14:30 (dee's self-review
//   skipped) → 1 800.
// Counted reviews: acme/pay ben ×4 (incl. on the bot PR), cho, ana; acme/web dee, cho ×2. cho is practice lead.

const expected: Record<string, Record<string, Headline>> = {
  'squad:alpha': {
    // 6: pay-1, pay-2, pay-3, pay-4, gw-1, gw-2; weekly deployment days [3, 3] → median 3 → high
    deployment_frequency: { value: 6, sampleSize: 6, tier: 'high' },
    // [3 600, 18 000, 122 400, 307 800]: median (18 000 + 122 400)/2 = 70 200 (< 1 day: elite);
    // p90 pos 2.7 → 122 400 + 0.7 × 185 400 = 252 180
    lead_time_for_changes: { value: 70_200, sampleSize: 4, p90: 252_180, tier: 'elite' },
    // failed pay-2, pay-4, gw-2 of 6 → 0.5 (> 15 %: low)
    change_failure_rate: { value: 0.5, sampleSize: 6, tier: 'low' },
    // [7 200, 10 800, 32 400]: median 10 800 (high); p90 pos 1.8 → 10 800 + 0.8 × 21 600 = 28 080
    failed_deployment_recovery_time: { value: 10_800, sampleSize: 3, p90: 28_080, tier: 'high' },
    // inc-101 10 800, inc-104 7 200, inc-105 28 800 → median 10 800; p90 10 800 + 0.8 × 18 000 = 25 200
    time_to_restore: { value: 10_800, sampleSize: 3, p90: 25_200, tier: 'high' },
    // pay-3, pay-4 of 6
    deployment_rework_rate: { value: 2 / 6, sampleSize: 6 },
    incident_count: { value: 3, sampleSize: 3 },
    // #1 7 200, #2 14 400, #3 3 600 → median 7 200; p90 pos 1.8 → 7 200 + 0.8 × 7 200 = 12 960
    review_pickup_time: { value: 7_200, sampleSize: 3, p90: 12_960 },
    // ben 4 of 6 counted reviews
    review_concentration: { value: 4 / 6, sampleSize: 6 },
    // a002, a004, c001 out of 4 human commits (a001 in hours; a003 by the agent)
    out_of_hours_commit_rate: { value: 3 / 4, sampleSize: 4 },
    // 3 incidents ÷ 2 weeks
    on_call_load: { value: 1.5, sampleSize: 3 },
  },
  'squad:beta': {
    // 4: web-1, web-2, gw-1, gw-2; weekly deployment days [1 (02-05), 2 (02-11, 02-12)] → 1.5 → high
    deployment_frequency: { value: 4, sampleSize: 4, tier: 'high' },
    // [8 400, 174 600]: median 91 500 (≥ 1 day: high); p90 8 400 + 0.9 × 166 200 = 157 980
    lead_time_for_changes: { value: 91_500, sampleSize: 2, p90: 157_980, tier: 'high' },
    // web-1, gw-2 of 4
    change_failure_rate: { value: 0.5, sampleSize: 4, tier: 'low' },
    // [7 200, 32 400]: median 19 800; p90 7 200 + 0.9 × 25 200 = 29 880
    failed_deployment_recovery_time: { value: 19_800, sampleSize: 2, p90: 29_880, tier: 'high' },
    // 102, 103, 104, 105, 107 → [1 800, 7 200, 7 200, 7 200, 28 800]: median 7 200; p90 pos 3.6 → 7 200 + 0.6 × 21 600 = 20 160
    time_to_restore: { value: 7_200, sampleSize: 5, p90: 20_160, tier: 'high' },
    // web-1 of 4
    deployment_rework_rate: { value: 0.25, sampleSize: 4 },
    incident_count: { value: 5, sampleSize: 5 },
    // [1 800, 3 600, 7 200]: median 3 600; p90 3 600 + 0.8 × 3 600 = 6 480
    review_pickup_time: { value: 3_600, sampleSize: 3, p90: 6_480 },
    // cho 2 of 3
    review_concentration: { value: 2 / 3, sampleSize: 3 },
    // acme/web has no commits: empty is null, not 0
    out_of_hours_commit_rate: { value: null, sampleSize: 0 },
    // 5 ÷ 2 weeks
    on_call_load: { value: 2.5, sampleSize: 5 },
  },
  'group:eng': {
    // 8 (gw-1, gw-2 once); weekly deployment days [3 (03, 05, 08), 4 (09, 10, 11, 12)] → 3.5 → high
    deployment_frequency: { value: 8, sampleSize: 8, tier: 'high' },
    // [3 600, 8 400, 18 000, 122 400, 174 600, 307 800]: median (18 000 + 122 400)/2 = 70 200;
    // p90 pos 4.5 → 174 600 + 0.5 × 133 200 = 241 200
    lead_time_for_changes: { value: 70_200, sampleSize: 6, p90: 241_200, tier: 'elite' },
    // pay-2, pay-4, gw-2, web-1 of 8
    change_failure_rate: { value: 0.5, sampleSize: 8, tier: 'low' },
    // [7 200, 7 200, 10 800, 32 400]: median 9 000; p90 pos 2.7 → 10 800 + 0.7 × 21 600 = 25 920
    failed_deployment_recovery_time: { value: 9_000, sampleSize: 4, p90: 25_920, tier: 'high' },
    // [1 800, 7 200, 7 200, 7 200, 10 800, 28 800]: median 7 200; p90 pos 4.5 → 10 800 + 0.5 × 18 000 = 19 800
    time_to_restore: { value: 7_200, sampleSize: 6, p90: 19_800, tier: 'high' },
    // pay-3, pay-4, web-1 of 8
    deployment_rework_rate: { value: 3 / 8, sampleSize: 8 },
    incident_count: { value: 6, sampleSize: 6 },
    // [1 800, 3 600, 3 600, 7 200, 7 200, 14 400]: median 5 400; p90 pos 4.5 → 7 200 + 0.5 × 7 200 = 10 800
    review_pickup_time: { value: 5_400, sampleSize: 6, p90: 10_800 },
    // ben 4 of 9
    review_concentration: { value: 4 / 9, sampleSize: 9 },
    out_of_hours_commit_rate: { value: 3 / 4, sampleSize: 4 },
    // 6 ÷ 2 weeks
    on_call_load: { value: 3, sampleSize: 6 },
  },
  org: {
    // 9 (+ legacy-1 on 02-06); weekly deployment days [4, 4] → 4 → high
    deployment_frequency: { value: 9, sampleSize: 9, tier: 'high' },
    lead_time_for_changes: { value: 70_200, sampleSize: 6, p90: 241_200, tier: 'elite' },
    // 4 of 9
    change_failure_rate: { value: 4 / 9, sampleSize: 9, tier: 'low' },
    failed_deployment_recovery_time: { value: 9_000, sampleSize: 4, p90: 25_920, tier: 'high' },
    // + inc-106 3 600 → [1 800, 3 600, 7 200, 7 200, 7 200, 10 800, 28 800]: median 7 200;
    // p90 pos 5.4 → 10 800 + 0.4 × 18 000 = 18 000
    time_to_restore: { value: 7_200, sampleSize: 7, p90: 18_000, tier: 'high' },
    deployment_rework_rate: { value: 3 / 9, sampleSize: 9 },
    incident_count: { value: 7, sampleSize: 7 },
    review_pickup_time: { value: 5_400, sampleSize: 6, p90: 10_800 },
    review_concentration: { value: 4 / 9, sampleSize: 9 },
    out_of_hours_commit_rate: { value: 3 / 4, sampleSize: 4 },
    // 7 ÷ 2 weeks
    on_call_load: { value: 3.5, sampleSize: 7 },
  },
};

describe('DORA and team-health scenario through the API (org zone America/New_York)', () => {
  let h: Harness;
  const period = 'from=2026-02-02&to=2026-02-16&interval=week';
  const metricsOf = async (scope: string) => {
    const res = await get(h, `/api/v1/metrics?scope=${scope}&${period}`);
    expect(res.status).toBe(200);
    return res.body.metrics as Record<string, Record<string, unknown>>;
  };
  const events = async (key: string, scope: string, extra = '') => {
    const res = await get(h, `/api/v1/metrics/${key}/events?scope=${scope}&${period}${extra}`);
    expect(res.status).toBe(200);
    return res.body as { rows: Record<string, unknown>[]; nextCursor: string | null; rule: string };
  };

  beforeAll(async () => {
    h = await start('dora', 'America/New_York');
    await importNdjson(h, org.map((x) => JSON.stringify(x)).join('\n'));
  });

  afterAll(async () => {
    await stop(h);
  });

  it.each(Object.keys(expected))('%s: value, sampleSize, p90 and tier of every metric', async (scope) => {
    const m = await metricsOf(scope);
    expect(Object.keys(m).sort()).toEqual([...ALL_KEYS, ...PATTERN_KEYS, ...DRIFT_KEYS].sort());
    expect(Object.fromEntries(ALL_KEYS.map((k) => [k, headline(m[k]!)]))).toEqual(rounded(expected[scope]!));
  });

  it('squad:alpha: deployment days, per week, failed count, incident attribution and on-call details', async () => {
    const m = await metricsOf('squad:alpha');
    // 6 distinct days; 6 ÷ 2 weeks = 3 per week
    expect([m.deployment_frequency!.deploymentDays, m.deployment_frequency!.perWeek]).toEqual([6, 3]);
    expect(m.change_failure_rate!.failed).toBe(3);
    expect(m.deployment_rework_rate!.rework).toBe(2);
    // 101 heuristic, 104 explicit, 105 heuristic; all sev2
    expect([m.incident_count!.attributed, m.incident_count!.notAttributed, m.incident_count!.bySeverity]).toEqual([3, 0, { sev2: 3 }]);
    // 1 squad: 1.5 per squad per week; all three opened in working hours
    expect([m.on_call_load!.perSquadPerWeek, m.on_call_load!.outOfHoursShare]).toEqual([1.5, 0]);
    // cho (practice lead) did 1 of alpha's 6 counted reviews
    expect(r(m.review_concentration!.practice_lead_review_share)).toBe(r(1 / 6));
    // PR #2 is the agent's: pickup agent [14 400], human [3 600, 7 200] → 5 400
    const split = m.review_pickup_time!.split as Record<string, { value: number }>;
    expect([split.agent!.value, split.human!.value]).toEqual([14_400, 5_400]);
  });

  it('squad:beta and org: attribution breakdown, per squad per week and out-of-hours share', async () => {
    const beta = await metricsOf('squad:beta');
    // 102 explicit-pr, 104 explicit, 105 heuristic attributed; 103 outside the window, 107 without service
    expect([beta.incident_count!.attributed, beta.incident_count!.notAttributed]).toEqual([3, 2]);
    expect(beta.incident_count!.bySeverity).toEqual({ sev1: 1, sev2: 2, sev3: 1, unknown: 1 });
    // 2 of 5 opened out of hours (103 Saturday, 107 Sunday night)
    expect(beta.on_call_load!.outOfHoursShare).toBe(0.4);
    // cho did 2 of beta's 3 counted reviews and is the practice lead
    expect(r(beta.review_concentration!.practice_lead_review_share)).toBe(r(2 / 3));
    const o = await metricsOf('org');
    // 7 incidents ÷ 2 weeks ÷ 2 squads = 1.75; 2 of 7 out of hours; 4 attributed, 3 not
    expect([o.on_call_load!.perSquadPerWeek, r(o.on_call_load!.outOfHoursShare)]).toEqual([1.75, r(2 / 7)]);
    expect([o.incident_count!.attributed, o.incident_count!.notAttributed]).toEqual([4, 3]);
    // 8 distinct days (02-03, 05, 06, 08, 09, 10, 11, 12); 9 ÷ 2 = 4.5 per week; 4 failed
    expect([o.deployment_frequency!.deploymentDays, o.deployment_frequency!.perWeek, o.change_failure_rate!.failed]).toEqual([8, 4.5, 4]);
  });

  it('group:platform (a child of eng) covers only alpha; group:eng rolls it up with beta', async () => {
    const platform = await metricsOf('group:platform');
    const eng = await metricsOf('group:eng');
    // platform = alpha's 6 deployments; eng = alpha ∪ beta = 6 + 4 − 2 shared = 8
    expect([platform.deployment_frequency!.value, eng.deployment_frequency!.value]).toEqual([6, 8]);
  });

  it('week boundaries in the org zone: a deployment at 23:30 on Sunday belongs to the week that started the Monday before', async () => {
    const m = await metricsOf('squad:alpha');
    // pay-2 finished 2026-02-09T04:30Z = Sun 02-08 23:30 in New York → week of Mon 02-02
    // week 02-02: pay-1, gw-1, pay-2 = 3; week 02-09: pay-3, pay-4, gw-2 = 3 (UTC days would say 2 and 4)
    expect(m.deployment_frequency!.series).toEqual([
      { start: '2026-02-02', value: 3, sampleSize: 3 },
      { start: '2026-02-09', value: 3, sampleSize: 3 },
    ]);
    // inc-107 opened Sun 22:00 local (Mon 03:00 UTC) → beta's first week
    const beta = await metricsOf('squad:beta');
    expect((beta.incident_count!.series as { value: number }[]).map((s) => s.value)).toEqual([1, 4]);
    // out-of-hours commits per week: a001 in, a002 out → 1/2; a004, c001 out → 2/2
    expect((m.out_of_hours_commit_rate!.series as { value: number }[]).map((s) => s.value)).toEqual([0.5, 1]);
  });

  it('lead-time drill-down: each change with its deployment, stages and shipping rule', async () => {
    const alpha = await events('lead_time_for_changes', 'squad:alpha');
    const row = (key: string) => alpha.rows.find((x) => (x.change as { key: string }).key === key)!;
    // PR #1: coding 14:00 → 15:00 = 3 600; pickup 15:00 → ben 17:00 = 7 200; review 17:00 → merged 02-03 15:00
    // = 79 200; deploy → 02-04 00:00 = 32 400; total 122 400
    expect(row('pr:1')).toMatchObject({
      deploymentId: 'pay-1',
      leadTimeS: 122_400,
      stages: { codingS: 3_600, pickupS: 7_200, reviewS: 79_200, deployS: 32_400 },
      rule: 'git-ancestry',
    });
    expect(row('pr:1').change).toMatchObject({ pr: 1, author: 'ana', agent: false });
    // PR #2 keeps pay-2 although pay-4 deploys it again after the rollback
    expect(row('pr:2')).toMatchObject({ deploymentId: 'pay-2', leadTimeS: 307_800 });
    expect(row('pr:2').change).toMatchObject({ agent: true });
    expect(row('commit:a002')).toMatchObject({ deploymentId: 'pay-1', leadTimeS: 3_600, stages: { codingS: null, pickupS: null, reviewS: null, deployS: null } });
    expect(alpha.rows).toHaveLength(4);
    const beta = await events('lead_time_for_changes', 'squad:beta');
    expect(beta.rows.map((x) => [(x.change as { key: string }).key, x.deploymentId, x.leadTimeS, x.rule])).toEqual([
      ['pr:12', 'web-2', 8_400, 'merged-pr-window'],
      ['pr:10', 'web-1', 174_600, 'merged-pr-window'],
    ]);
  });

  it('incident drill-down: each incident with the deployment it is attributed to and the rule, paged by cursor', async () => {
    const seen: [string, unknown, unknown][] = [];
    const pages: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await events('incident_count', 'org', `&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page.rows.length);
      for (const x of page.rows) seen.push([(x.incident as { id: string }).id, x.attributedTo, x.rule]);
      cursor = page.nextCursor;
    }
    // 7 incidents, newest opened first, 3 per page
    expect(pages).toEqual([3, 3, 1]);
    expect(seen).toEqual([
      ['inc-103', null, 'not-change-related'], // 48 h 40 min after web-2: outside the 24 h window
      ['inc-106', null, 'not-change-related'], // 7 days after legacy-1
      ['inc-102', 'web-1', 'explicit-pr'], // names PR #10, shipped by web-1 (heuristic would say web-2)
      ['inc-105', 'gw-2', 'heuristic-window'], // 2 h after gw-2
      ['inc-104', 'gw-2', 'explicit-deployment'],
      ['inc-101', 'pay-4', 'heuristic-window'], // 1 h after pay-4
      ['inc-107', null, 'not-change-related'], // no service
    ]);
  });

  it('change-failure drill-down: each deployment with the rule that failed it', async () => {
    const page = await events('change_failure_rate', 'squad:alpha');
    const rows = page.rows.map((x) => [(x.deployment as { id: string }).id, x.rule, [...(x.incidents as string[])].sort(), x.rolledBackBy]);
    // newest first
    expect(rows).toEqual([
      ['gw-2', 'incident', ['inc-104', 'inc-105'], null], // two incidents, one failed deployment
      ['pay-4', 'incident', ['inc-101'], null],
      ['pay-3', 'not-failed', [], null],
      ['pay-2', 'rollback-followed', [], 'pay-3'],
      ['gw-1', 'not-failed', [], null],
      ['pay-1', 'not-failed', [], null],
    ]);
    expect(page.rows.find((x) => (x.deployment as { id: string }).id === 'pay-3')!.deployment).toMatchObject({ rollback: true, rollbackRule: 'older-sha' });
  });

  it('recovery and rework drill-downs carry their rules', async () => {
    const recovery = await events('failed_deployment_recovery_time', 'group:eng');
    expect(recovery.rows.map((x) => [(x.deployment as { id: string }).id, x.rule, x.durationS])).toEqual([
      ['web-1', 'incidents-resolved', 7_200], // recovered 02-12 19:00Z
      ['gw-2', 'incidents-resolved', 32_400], // recovered 02-12 01:00Z
      ['pay-4', 'incidents-resolved', 10_800],
      ['pay-2', 'rollback-finished', 7_200],
    ]);
    const rework = await events('deployment_rework_rate', 'group:eng');
    expect(rework.rows.filter((x) => x.rework).map((x) => [(x.deployment as { id: string }).id, x.rule])).toEqual([
      ['pay-4', 'hotfix-label'],
      ['pay-3', 'rollback'],
      ['web-1', 'incident-linked-pr'],
    ]);
  });

  it('targets: a lead-time target below 2 days is met for alpha and missed for beta', async () => {
    const set = await put(h, '/api/v1/targets/lead_time_for_changes?scope=squad:alpha', { op: '<', value: 172_800 });
    expect(set.status).toBe(200);
    expect((await put(h, '/api/v1/targets/lead_time_for_changes?scope=squad:beta', { op: '<', value: 86_400 })).status).toBe(200);
    const alpha = await metricsOf('squad:alpha');
    const beta = await metricsOf('squad:beta');
    const orgM = await metricsOf('org');
    // alpha 70 200 < 172 800 → met; beta 91 500 < 86 400 is false → missed; the org has no target
    expect(alpha.lead_time_for_changes!.target).toEqual({ op: '<', value: 172_800, met: true });
    expect(beta.lead_time_for_changes!.target).toEqual({ op: '<', value: 86_400, met: false });
    expect(orgM.lead_time_for_changes!.target).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Scenarios adapted from the peers' published test data (Apache-2.0; see ../fixtures/peers/NOTICE.md)
// ---------------------------------------------------------------------------------------------

const peer = (name: string) => readFileSync(new URL(`../fixtures/peers/${name}`, import.meta.url), 'utf8');

describe('peer case: Apache DevLake change lead time (backend/plugins/dora/e2e/change_lead_time/)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await start('peerlt', null);
    await importNdjson(h, peer('devlake-change-lead-time.ndjson'));
  });

  afterAll(async () => {
    await stop(h);
  });

  it('pr1 and pr2: the same stages as DevLake, in seconds, with a directly computed total', async () => {
    const res = await get(h, '/api/v1/metrics/lead_time_for_changes/events?scope=squad:project1&from=2023-04-10&to=2023-04-17');
    const byPr = Object.fromEntries(res.body.rows.map((x: { change: { pr: number } }) => [x.change.pr, x]));
    // pr1 (DevLake project_pr_metrics: coding 1440, pickup 5, review 55, deploy 2978 minutes, cycle 4478):
    //   start = first commit 04-10 04:51:47; opened 04-11 04:51:47 → coding 86 400 s (1 440 min)
    //   first review by b (a is the author) 04:56:47 → pickup 300 s (5 min); merged 05:51:47 → review 3 300 s (55 min)
    //   deployment 5 finished 04-13 07:29:14 (started 07:28:14 + 60 s) → deploy 178 647 s (2 977.45 min; DevLake rounds up)
    //   total 04-10 04:51:47 → 04-13 07:29:14 = 268 647 s (4 477.45 min)
    expect(byPr[1]).toMatchObject({ deploymentId: '5', leadTimeS: 268_647, stages: { codingS: 86_400, pickupS: 300, reviewS: 3_300, deployS: 178_647 } });
    // pr2 (DevLake: coding empty, pickup 1, review 60, deploy 1538, cycle 1598 minutes):
    //   its commits are authored after it opened → Bearing starts at PR creation 04-12 04:51:47, coding 0 (DevLake: empty)
    //   first review by d 04:51:49 → pickup 2 s; review → 05:51:47 = 3 598 s; deploy 05:51:47 → 04-13 07:29:14 = 92 247 s
    //   total 04-12 04:51:47 → 04-13 07:29:14 = 95 847 s (1 597.45 min)
    expect(byPr[2]).toMatchObject({ deploymentId: '5', leadTimeS: 95_847, stages: { codingS: 0, pickupS: 2, reviewS: 3_598, deployS: 92_247 } });
    expect(res.body.rows).toHaveLength(2);
  });

  it('the lead-time headline over both PRs', async () => {
    const res = await get(h, '/api/v1/metrics?scope=squad:project1&from=2023-04-10&to=2023-04-17&metrics=lead_time_for_changes');
    // [95 847, 268 647]: median 182 247 (≥ 1 day, < 1 week: high); p90 95 847 + 0.9 × 172 800 = 251 367
    expect(headline(res.body.metrics.lead_time_for_changes)).toEqual({ value: 182_247, sampleSize: 2, p90: 251_367, tier: 'high' });
  });
});

describe('peer case: Apache DevLake incident → deployment (backend/plugins/dora/e2e/connect_incident_to_deployment/)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await start('peerinc', null);
    await importNdjson(h, peer('devlake-incident-deployment.ndjson'));
  });

  afterAll(async () => {
    await stop(h);
  });

  it('attributes within the 24 h window only, where DevLake links any later incident to the last deployment', async () => {
    const res = await get(h, '/api/v1/metrics/incident_count/events?scope=org&from=2022-09-01&to=2022-12-01');
    const got = Object.fromEntries(res.body.rows.map((x: { incident: { id: string }; attributedTo: string | null; rule: string }) => [x.incident.id, [x.attributedTo, x.rule]]));
    expect(got).toEqual({
      // 09-15 01:56:16, 3 h 4 min 29 s after pipeline2's deployment 4 (09-14 22:51:47) → DevLake: pipeline2 (same)
      'github:GithubIssue:1:1373792478': ['pipeline2/4', 'heuristic-window'],
      // 40 to 66 days after pipeline7's last successful deployment (13, 09-23 22:51:47): DevLake links
      // them all to pipeline7; outside Bearing's 24 h window they are not change-related
      'github:GithubIssue:1:1367714738': [null, 'not-change-related'],
      'github:GithubIssue:1:1370816458': [null, 'not-change-related'],
      'github:GithubIssue:1:1371320153': [null, 'not-change-related'],
      'github:GithubIssue:1:1372381019': [null, 'not-change-related'],
      'github:GithubIssue:1:1372644519': [null, 'not-change-related'],
      // repo3's incident: outside DevLake's project (no link); a service without deployments here
      'github:GithubIssue:1:1373792477': [null, 'not-change-related'],
    });
  });

  it('change failure rate: 1 failed of the 10 successful production deployments', async () => {
    const res = await get(h, '/api/v1/metrics?scope=org&from=2022-09-01&to=2022-12-01&metrics=change_failure_rate');
    // counted: 1, 2, 3, 4, 5, 6, 9, 10, 12, 13 (7, 8 staging; 11 failed) → 1 / 10 = 0.1 (≤ 10 %: high)
    expect(res.body.metrics.change_failure_rate).toMatchObject({ value: 0.1, sampleSize: 10, failed: 1, tier: 'high' });
  });
});

describe("peer case: Middleware's change failure rate 4 of 6 (tests/service/Incidents/test_change_failure_rate.py)", () => {
  let h: Harness;
  const cfr = async () =>
    (await get(h, '/api/v1/metrics?scope=squad:team&from=2023-12-25&to=2024-01-15&metrics=change_failure_rate')).body.metrics.change_failure_rate as Record<string, unknown>;

  beforeAll(async () => {
    h = await start('peercfr', null);
    await importNdjson(h, peer('middleware-change-failure-rate.ndjson'));
  });

  afterAll(async () => {
    await stop(h);
  });

  it('with the default 24 h window: 3 of 6, incident_3 (28 h after deployment_4) is not change-related', async () => {
    // deployment_2 ← incident_1 (exactly 24 h: at the window edge, attributed); deployment_3 ← incident_2 (24 h);
    // deployment_5 ← incidents 4, 5, 6 (counted once); incident_3 is 28 h after deployment_4 → outside
    // → failed {2, 3, 5} of 6 = 0.5 (Middleware: {2, 3, 4, 5} = 4/6, no window)
    expect(await cfr()).toMatchObject({ value: 0.5, sampleSize: 6, failed: 3, tier: 'low' });
    const res = await get(h, '/api/v1/metrics/incident_count/events?scope=squad:team&from=2023-12-25&to=2024-01-15');
    const i3 = res.body.rows.find((x: { incident: { id: string } }) => x.incident.id === 'incident_3');
    expect(i3).toMatchObject({ attributedTo: null, rule: 'not-change-related', detail: { gapS: 28 * 3_600, latestDeployment: 'deployment_4' } });
  });

  it('with a 28 h attribution window on the service: 4 of 6, as Middleware', async () => {
    const set = await put(h, '/api/v1/services/mw-api/settings', { attributionWindowS: 28 * 3_600 });
    expect(set.status).toBe(200);
    try {
      // incident_3 now falls in deployment_4's window → failed {2, 3, 4, 5} = 4/6
      const v = await cfr();
      expect(r(v.value)).toBe(r(4 / 6));
      expect(v).toMatchObject({ sampleSize: 6, failed: 4, tier: 'low' });
    } finally {
      await put(h, '/api/v1/services/mw-api/settings', { attributionWindowS: null });
    }
  });
});

describe('records arriving in separate imports (references resolve when metrics are computed)', () => {
  let h: Harness;
  // acme/pay: a001 ← a002; PR #1 (a002) names incident web-incident-9 of ANOTHER service in its title.
  // pay-1 (a001) is the baseline, pay-2 (a002) ships PR #1; web-1 is web's baseline.
  const structure: Record<string, unknown>[] = [
    { type: 'squad', key: 'alpha', name: 'Alpha' },
    { type: 'service', key: 'pay-api', name: 'Payments API', squads: ['alpha'], repositories: ['acme/pay'] },
    { type: 'service', key: 'web', name: 'Web', squads: ['alpha'], repositories: ['acme/web'] },
    { type: 'repository', key: 'acme/pay', squads: ['alpha'], defaultBranch: 'main' },
    { type: 'repository', key: 'acme/web', squads: ['alpha'], defaultBranch: 'main' },
  ];
  const payEvents: Record<string, unknown>[] = [
    { type: 'commit', repo: 'acme/pay', sha: 'a001', parents: [], author: 'ana', authoredAt: '2026-03-02T10:00:00Z', committedAt: '2026-03-02T10:00:00Z', message: 'Initial' },
    { type: 'commit', repo: 'acme/pay', sha: 'a002', parents: ['a001'], author: 'ana', authoredAt: '2026-03-03T10:00:00Z', committedAt: '2026-03-03T10:00:00Z', message: 'Guard' },
    { type: 'pull_request', repo: 'acme/pay', number: 1, title: 'Guard against web-incident-9', body: '', author: 'ana', createdAt: '2026-03-03T11:00:00Z', mergedAt: '2026-03-03T12:00:00Z', baseBranch: 'main', headBranch: 'guard', mergeSha: 'a002', commits: ['a002'] },
    { type: 'deployment', id: 'pay-1', service: 'pay-api', repo: 'acme/pay', environment: 'production', sha: 'a001', status: 'success', finishedAt: '2026-03-02T11:00:00Z' },
    { type: 'deployment', id: 'pay-2', service: 'pay-api', repo: 'acme/pay', environment: 'production', sha: 'a002', status: 'success', finishedAt: '2026-03-03T13:00:00Z' },
    { type: 'deployment', id: 'web-1', service: 'web', repo: 'acme/web', environment: 'production', status: 'success', finishedAt: '2026-03-02T11:00:00Z' },
  ];
  // the incident comes later, from another source (e.g. the incident tool's sync)
  const incident = { type: 'incident', id: 'web-incident-9', service: 'web', title: 'Web down', openedAt: '2026-03-01T10:00:00Z', resolvedAt: '2026-03-01T11:00:00Z' };

  beforeAll(async () => {
    h = await start('split', null);
    await importNdjson(h, [...structure, ...payEvents].map((x) => JSON.stringify(x)).join('\n'));
    await importNdjson(h, JSON.stringify(incident));
  });

  afterAll(async () => {
    await stop(h);
  });

  it('a PR naming an incident that arrives in a later import still makes its deployment rework', async () => {
    // pay-2 ships PR #1, which names web-incident-9 → rework (incident-linked-pr), exactly as when all
    // records come in one import; pay-1 and web-1 are planned → 1 of 3 deployments
    const res = await get(h, '/api/v1/metrics/deployment_rework_rate/events?scope=squad:alpha&from=2026-03-02&to=2026-03-09');
    expect(res.body.rows.map((x: { deployment: { id: string }; rule: string }) => [x.deployment.id, x.rule])).toEqual([
      ['pay-2', 'incident-linked-pr'],
      ['web-1', 'planned'],
      ['pay-1', 'planned'],
    ]);
    const m = await get(h, '/api/v1/metrics?scope=squad:alpha&from=2026-03-02&to=2026-03-09&metrics=deployment_rework_rate');
    expect(m.body.metrics.deployment_rework_rate).toMatchObject({ value: 1 / 3, sampleSize: 3, rework: 1 });
  });
});
