import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer, createUser, login } from '../support/auth.js';

/**
 * Drift through the API. Org zone UTC; period [2026-05-04, 2026-05-18) (ends 2026-05-18T00:00Z).
 * Squads a (repo acme/a) and b (repo acme/b); ana (human, a), bo (human, b), codex (agent, a).
 * CODEOWNERS of acme/a: `* @acme/a`, `/src/payments/ @acme/b` (inserted directly).
 *
 *  unit         who     what                                                        episode
 *  a#1          codex   ci/test fails 05-05 10:00, 10:10, 10:20; passes 10:45        E1 2700 s (45 min), checks_passed, agent
 *  a#2          ana     ci/test fails twice then passes                              none (2 < N = 3)
 *  session s1   codex   flagged 05-06 09:30, stopped 09:42                           E2 720 s (12 min), caught early, agent
 *  a#3          ana     commit 05-07 11:00 touches src/payments/x.ts (squad b's);    E3 12600 s (3.5 h), pr_merged, human
 *                       merged 14:30
 *  a#4          codex   package.json bump 05-08 10:00, human approval 12:00,         E4 10800 s (3 h), pr_merged, agent;
 *                       go.mod bump 12:30 (after approval: no signal), merged 13:00     one signal only
 *  a#5          ana     cites PAT-003 (retired 05-01) created 05-12 09:00,           E5 600 s, pr_merged, human
 *                       merged 09:10
 *  a#6          ana     cites PAT-004 (retired 05-14), merged 05-13                  none (active at merge)
 *  b#7          bo      label drift added 05-15 10:00, never removed, not merged     E7 open at the end: age 62 h = 223200 s
 */
const T = (d: string, hm: string) => `2026-05-${d}T${hm}:00Z`;
const prRec = (repo: string, number: number, author: string, createdAt: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'pull_request', repo, number, title: `PR ${number}`, body: '', author, createdAt, baseBranch: 'main', headBranch: `f${number}`, ...extra });
const ci = (repo: string, id: string, pr: number, status: string, at: string) =>
  JSON.stringify({ type: 'ci_run', repo, id, workflow: 'ci', job: 'test', branch: `f${pr}`, sha: 'abcd', pr, status, startedAt: at, finishedAt: at });
const commit = (sha: string, author: string, at: string, files: string[]) =>
  JSON.stringify({ type: 'commit', repo: 'acme/a', sha, parents: [], author, authoredAt: at, committedAt: at, message: 'change', files: files.map((path) => ({ path, additions: 1, deletions: 0 })) });

const scenario = [
  '{"type":"squad","key":"a","name":"A"}',
  '{"type":"squad","key":"b","name":"B"}',
  '{"type":"repository","key":"acme/a","squads":["a"],"defaultBranch":"main"}',
  '{"type":"repository","key":"acme/b","squads":["b"],"defaultBranch":"main"}',
  '{"type":"person","key":"ana","name":"Ana","kind":"human","squads":["a"]}',
  '{"type":"person","key":"bo","name":"Bo","kind":"human","squads":["b"]}',
  '{"type":"person","key":"codex","name":"Codex","kind":"agent","squads":["a"]}',
  '{"type":"pattern","key":"PAT-001","title":"Retries","status":"active","createdAt":"2026-04-01T00:00:00Z"}',
  '{"type":"pattern","key":"PAT-003","title":"Old","status":"retired","createdAt":"2026-03-01T00:00:00Z","retiredAt":"2026-05-01T00:00:00Z","migrationNote":"use PAT-001"}',
  '{"type":"pattern","key":"PAT-004","title":"Older","status":"retired","createdAt":"2026-03-01T00:00:00Z","retiredAt":"2026-05-14T00:00:00Z","migrationNote":"use PAT-001"}',
  // E1
  prRec('acme/a', 1, 'codex', T('05', '09:00')),
  ci('acme/a', 'r1', 1, 'failure', T('05', '10:00')),
  ci('acme/a', 'r2', 1, 'failure', T('05', '10:10')),
  ci('acme/a', 'r3', 1, 'failure', T('05', '10:20')),
  ci('acme/a', 'r4', 1, 'success', T('05', '10:45')),
  // no episode
  prRec('acme/a', 2, 'ana', T('05', '09:00')),
  ci('acme/a', 'q1', 2, 'failure', T('05', '10:00')),
  ci('acme/a', 'q2', 2, 'failure', T('05', '10:10')),
  ci('acme/a', 'q3', 2, 'success', T('05', '10:20')),
  // E2
  JSON.stringify({ type: 'agent_session', id: 's1', agent: 'codex', repo: 'acme/a', branch: 'codex/s1', task: 'cart totals', startedAt: T('06', '09:00') }),
  JSON.stringify({ type: 'agent_session_event', session: 's1', id: 'e1', kind: 'flagged', at: T('06', '09:30'), by: 'ana' }),
  JSON.stringify({ type: 'agent_session_event', session: 's1', id: 'e2', kind: 'stopped', at: T('06', '09:42'), by: 'ana' }),
  // E3
  prRec('acme/a', 3, 'ana', T('07', '10:00'), { mergedAt: T('07', '14:30'), commits: ['c3c3'] }),
  commit('c3c3', 'ana', T('07', '11:00'), ['src/payments/x.ts', 'src/cart/y.ts']),
  // E4
  prRec('acme/a', 4, 'codex', T('08', '09:00'), { mergedAt: T('08', '13:00'), commits: ['d4d4', 'd5d5'] }),
  commit('d4d4', 'codex', T('08', '10:00'), ['package.json']),
  commit('d5d5', 'codex', T('08', '12:30'), ['go.mod']),
  '{"type":"review","repo":"acme/a","number":4,"id":"rv1","reviewer":"ana","state":"approved","submittedAt":"2026-05-08T12:00:00Z"}',
  // E5 and the PR citing a pattern retired after its merge
  prRec('acme/a', 5, 'ana', T('12', '09:00'), { mergedAt: T('12', '09:10'), body: 'Uses PAT-003' }),
  prRec('acme/a', 6, 'ana', T('13', '09:00'), { mergedAt: T('13', '09:10'), body: 'Uses PAT-004' }),
  // E7
  prRec('acme/b', 7, 'bo', T('15', '09:00')),
  '{"type":"pr_event","repo":"acme/b","number":7,"id":"l1","kind":"labeled","label":"drift","at":"2026-05-15T10:00:00Z","actor":"ana"}',
].join('\n');

const Q = 'from=2026-05-04&to=2026-05-18';
const KEYS = 'drift_recovery_time,drift_episodes,drift_caught_early_rate,drift_expensive_rate';

describe('drift: episodes, metrics and the episodes API', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let admin: string;
  const get = (url: string) => request(app.getHttpServer()).get(url).set('Authorization', bearer(admin));
  const ndjson = (body: string) => request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(admin)).set('Content-Type', 'application/x-ndjson').send(body);

  beforeAll(async () => {
    db = await createTestDatabase('drift');
    app = await createTestApp(db.url);
    admin = await adminToken(app);
    await app.get(DataSource).query(
      `INSERT INTO code_owners (repo, position, pattern, owners, path, sha) VALUES ('acme/a', 1, '*', '{@acme/a}', 'CODEOWNERS', 'c0'), ('acme/a', 2, '/src/payments/', '{@acme/b}', 'CODEOWNERS', 'c0')`,
    );
    const res = await ndjson(scenario);
    expect(res.status).toBe(200);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('computes the four drift metrics for the org, with agent/human splits', async () => {
    const res = await get(`/api/v1/metrics?scope=org&${Q}&metrics=${KEYS}`);
    expect(res.status).toBe(200);
    const m = res.body.metrics;
    // recovered in the period: 600 (E5), 720 (E2), 2700 (E1), 10800 (E4), 12600 (E3)
    // median = 2700; p90: rank 0.9 × 4 = 3.6 → 10800 + 0.6 × (12600 − 10800) = 11880
    // agent: 720, 2700, 10800 → median 2700; human: 600, 12600 → median 6600
    expect(m.drift_recovery_time).toMatchObject({ value: 2700, p90: 11880, sampleSize: 5, unit: 'seconds', openAtEnd: 1 });
    expect(m.drift_recovery_time.split.agent).toMatchObject({ value: 2700, sampleSize: 3 });
    expect(m.drift_recovery_time.split.human).toMatchObject({ value: 6600, sampleSize: 2 });
    // started in the period: E1 E2 E3 E4 E5 E7 = 6; units started: a#1..a#6, s1, b#7 = 8 → 6/8 = 75 per 100
    // agent: E1 E2 E4 over units a#1 s1 a#4 → 3/3 = 100; human: E3 E5 E7 over a#2 a#3 a#5 a#6 b#7 → 3/5 = 60
    expect(m.drift_episodes).toMatchObject({ value: 6, units: 8, per100Units: 75, openAtEnd: 1, perWeek: 3 });
    expect(m.drift_episodes.split.agent).toMatchObject({ value: 3, units: 3, per100Units: 100 });
    expect(m.drift_episodes.split.human).toMatchObject({ value: 3, units: 5, per100Units: 60 });
    // weekly series: week of 05-04: E1 E2 E3 E4 = 4; week of 05-11: E5 E7 = 2
    expect(m.drift_episodes.series.map((s: { start: string; value: number }) => [s.start, s.value])).toEqual([['2026-05-04', 4], ['2026-05-11', 2]]);
    // ≤ 15 min: E2 (720), E5 (600) → 2/5 = 0.4; agent 1/3, human 1/2
    expect(m.drift_caught_early_rate).toMatchObject({ value: 0.4, sampleSize: 5, thresholdSeconds: 900 });
    expect(m.drift_caught_early_rate.split.agent.value).toBeCloseTo(1 / 3, 10);
    expect(m.drift_caught_early_rate.split.human.value).toBe(0.5);
    // > 2 h: E3 (12600), E4 (10800) → 2/5
    expect(m.drift_expensive_rate).toMatchObject({ value: 0.4, sampleSize: 5, thresholdSeconds: 7200 });
  });

  it('lists episodes with signals, recovery and the open one with its age', async () => {
    const res = await get(`/api/v1/drift/episodes?scope=org&${Q}&status=all`);
    expect(res.status).toBe(200);
    const rows = res.body.rows as { unit: string; status: string; durationSeconds: number | null; ageSeconds: number | null; recovery: string | null; signals: { kind: string; ref: string | null }[]; squad: string | null; agent: boolean }[];
    expect(rows.map((r) => r.unit)).toEqual(['pr:acme/b#7', 'pr:acme/a#5', 'pr:acme/a#4', 'pr:acme/a#3', 'session:s1', 'pr:acme/a#1']);
    const by = Object.fromEntries(rows.map((r) => [r.unit, r]));
    // E7: open at 2026-05-18T00:00Z, started 05-15 10:00 → 62 h = 223200 s; no duration
    expect(by['pr:acme/b#7']).toMatchObject({ status: 'open', durationSeconds: null, ageSeconds: 223200, recovery: null, squad: 'b', agent: false });
    expect(by['pr:acme/a#1']).toMatchObject({ status: 'recovered', durationSeconds: 2700, recovery: 'checks_passed', agent: true });
    expect(by['pr:acme/a#1']!.signals).toEqual([expect.objectContaining({ kind: 'repeated_failure', ref: 'r1' })]);
    expect(by['session:s1']).toMatchObject({ durationSeconds: 720, recovery: 'session_stopped', agent: true });
    expect(by['pr:acme/a#3']!.signals).toEqual([expect.objectContaining({ kind: 'out_of_scope', ref: 'c3c3', detail: 'touched src/payments/x.ts (owned by b)' })]);
    // the go.mod bump after the human approval is not a signal
    expect(by['pr:acme/a#4']!.signals.map((s) => [s.kind, s.ref])).toEqual([['unreviewed_dependency', 'd4d4']]);
    // PAT-003 retired before the merge → signal; PAT-004 retired after a#6's merge → no episode for a#6
    expect(by['pr:acme/a#5']!.signals.map((s) => [s.kind, s.ref])).toEqual([['retired_pattern', 'PAT-003']]);
    expect(by['pr:acme/a#6']).toBeUndefined();

    const open = await get(`/api/v1/drift/episodes?${Q}&status=open`);
    expect(open.body.rows.map((r: { unit: string }) => r.unit)).toEqual(['pr:acme/b#7']);
    const recovered = await get(`/api/v1/drift/episodes?${Q}&status=recovered`);
    expect(recovered.body.rows).toHaveLength(5);
  });

  it('pages with a cursor and rejects bad parameters naming the field', async () => {
    const first = await get(`/api/v1/drift/episodes?${Q}&limit=4`);
    expect(first.body.rows).toHaveLength(4);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`/api/v1/drift/episodes?${Q}&limit=4&cursor=${first.body.nextCursor}`);
    expect(second.body.rows.map((r: { unit: string }) => r.unit)).toEqual(['session:s1', 'pr:acme/a#1']);
    expect(second.body.nextCursor).toBeNull();
    for (const [q, field] of [['status=closed', 'status'], ['limit=0', 'limit'], ['cursor=nope', 'cursor']] as const) {
      const bad = await get(`/api/v1/drift/episodes?${Q}&${q}`);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    expect((await get('/api/v1/drift/episodes?from=2026-05-04')).status).toBe(400);
  });

  it('drills down into each metric with the episodes, their signals and recovery rule', async () => {
    const early = await get(`/api/v1/metrics/drift_caught_early_rate/events?${Q}`);
    expect(early.status).toBe(200);
    expect(early.body.rule).toContain('15 min');
    const rules = Object.fromEntries(early.body.rows.map((r: { episode: { unit: string }; rule: string }) => [r.episode.unit, r.rule]));
    expect(rules).toEqual({
      'pr:acme/a#5': 'caught-early',
      'pr:acme/a#4': 'not-caught-early',
      'pr:acme/a#3': 'not-caught-early',
      'session:s1': 'caught-early',
      'pr:acme/a#1': 'not-caught-early',
    });
    const rec = await get(`/api/v1/metrics/drift_recovery_time/events?${Q}`);
    const s1 = rec.body.rows.find((r: { episode: { unit: string } }) => r.episode.unit === 'session:s1');
    expect(s1).toMatchObject({ durationS: 720, episode: { signals: [expect.objectContaining({ kind: 'flagged' })] } });
    expect(s1.rule).toContain('session-stopped');
    const eps = await get(`/api/v1/metrics/drift_episodes/events?${Q}`);
    expect(eps.body.rows).toHaveLength(6);
  });

  it('scopes: squad a sees its episodes only; a squad lead of a cannot read squad b', async () => {
    const a = (await get(`/api/v1/metrics?scope=squad:a&${Q}&metrics=drift_episodes`)).body.metrics.drift_episodes;
    // squad a: E1 E2 E3 E4 E5 = 5 over units a#1..a#6 + s1 = 7
    expect(a).toMatchObject({ value: 5, units: 7, openAtEnd: 0 });
    const lead = await login(app, (await createUser(app, { roles: ['squad_lead'], squads: ['a'] })).email);
    const mine = await request(app.getHttpServer()).get(`/api/v1/drift/episodes?scope=squad:a&${Q}`).set('Cookie', lead.cookie);
    expect(mine.status).toBe(200);
    expect(mine.body.rows.every((r: { repo: string }) => r.repo === 'acme/a')).toBe(true);
    for (const url of [`/api/v1/drift/episodes?scope=squad:b&${Q}`, `/api/v1/drift/episodes?${Q}`, `/api/v1/metrics/drift_episodes/events?scope=squad:b&${Q}`]) {
      const res = await request(app.getHttpServer()).get(url).set('Cookie', lead.cookie);
      expect(res.status).toBe(403);
    }
  });

  it('follows the configured thresholds (early 50 min) and rejects early > expensive', async () => {
    const bad = await request(app.getHttpServer())
      .patch('/api/v1/settings')
      .set('Authorization', bearer(admin))
      .send({ rules: { driftEarlyMinutes: 300, driftExpensiveMinutes: 120 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('rules.driftEarlyMinutes');
    const ok = await request(app.getHttpServer()).patch('/api/v1/settings').set('Authorization', bearer(admin)).send({ rules: { driftEarlyMinutes: 50 } });
    expect(ok.status).toBe(200);
    // ≤ 50 min: E5 600, E2 720, E1 2700 → 3/5
    const m = (await get(`/api/v1/metrics?${Q}&metrics=drift_caught_early_rate`)).body.metrics;
    expect(m.drift_caught_early_rate).toMatchObject({ value: 0.6, thresholdSeconds: 3000 });
    await request(app.getHttpServer()).patch('/api/v1/settings').set('Authorization', bearer(admin)).send({ rules: { driftEarlyMinutes: 15 } });
  });

  it('reflects a new session event and a new CI streak as soon as the import returns', async () => {
    // s1 flagged again 05-09 10:00 and rebriefed 10:05 → a new episode of 300 s
    const res = await ndjson(
      [
        JSON.stringify({ type: 'agent_session_event', session: 's1', id: 'e3', kind: 'flagged', at: T('09', '10:00') }),
        JSON.stringify({ type: 'agent_session_event', session: 's1', id: 'e4', kind: 'rebriefed', at: T('09', '10:05') }),
      ].join('\n'),
    );
    expect(res.status).toBe(200);
    let m = (await get(`/api/v1/metrics?${Q}&metrics=drift_episodes`)).body.metrics;
    expect(m.drift_episodes.value).toBe(7);
    // a third failure streak on a#2: fails 05-10 10:00, 10:05, 10:10 (no pass) → a new open episode
    await ndjson([ci('acme/a', 'q4', 2, 'failure', T('10', '10:00')), ci('acme/a', 'q5', 2, 'failure', T('10', '10:05')), ci('acme/a', 'q6', 2, 'failure', T('10', '10:10'))].join('\n'));
    m = (await get(`/api/v1/metrics?${Q}&metrics=drift_episodes`)).body.metrics;
    expect(m.drift_episodes).toMatchObject({ value: 8, openAtEnd: 2 });
  });
});
