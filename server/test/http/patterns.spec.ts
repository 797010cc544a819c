import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer, createUser, login } from '../support/auth.js';

/**
 * Pattern library and citations. Org zone UTC; period [2026-05-04, 2026-05-18).
 * Library: PAT-001 (active, file docs/patterns/PAT-001.md), PAT-002 (active, file docs/patterns/events.md),
 * PAT-003 (retired 2026-05-01, replaced by PAT-001). Last library change: 2026-05-01 (the retirement).
 * Merged PRs (acme/a → squad a, acme/b → squad b):
 *   #1 a, 05-05, human, "PAT-001"                         → cites active
 *   #2 a, 05-06, agent, link to …/docs/patterns/events.md  → cites active (PAT-002 via path)
 *   #3 a, 05-07, human, "pat-003"                          → retired only
 *   #4 a, 05-12, human, "PAT-077"                          → unknown key only
 *   #5 a, 05-12, renovate[bot], "PAT-001"                  → bot: out of the rate
 *   #6 a, 05-13, agent, no citation
 *   #7 a, 05-14, human, "PAT-002"                          → cites active (until PAT-002 is retired on 05-10)
 *   #8 a, not merged, "PAT-001"                            → not counted anywhere
 *   #9 b, 05-06, human, "XPAT-001 … PAT-001"               → cites active (XPAT-001 is not a citation)
 */
const pr = (repo: string, number: number, title: string, body: string, mergedAt: string | null, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'pull_request',
    repo,
    number,
    title,
    body,
    author: 'ana',
    createdAt: '2026-05-01T09:00:00Z',
    mergedAt,
    baseBranch: 'main',
    headBranch: `f${number}`,
    ...extra,
  });
const scenario = [
  '{"type":"squad","key":"a","name":"A"}',
  '{"type":"squad","key":"b","name":"B"}',
  '{"type":"repository","key":"acme/a","squads":["a"],"defaultBranch":"main"}',
  '{"type":"repository","key":"acme/b","squads":["b"],"defaultBranch":"main"}',
  '{"type":"pattern","key":"PAT-001","title":"Retries","status":"active","createdAt":"2026-04-01T00:00:00Z","path":"docs/patterns/PAT-001.md"}',
  '{"type":"pattern","key":"PAT-002","title":"Events","status":"active","createdAt":"2026-04-01T00:00:00Z","path":"docs/patterns/events.md"}',
  '{"type":"pattern","key":"PAT-003","title":"Old queue","status":"retired","createdAt":"2026-03-01T00:00:00Z","retiredAt":"2026-05-01T00:00:00Z","replacedBy":"PAT-001","migrationNote":"Move to PAT-001 retries"}',
  pr('acme/a', 1, 'Add retries (PAT-001)', '', '2026-05-05T10:00:00Z'),
  pr('acme/a', 2, 'Emit events', 'Follows https://github.com/acme/handbook/blob/main/docs/patterns/events.md', '2026-05-06T10:00:00Z', { labels: ['agent'] }),
  pr('acme/a', 3, 'Queue work', 'as in pat-003', '2026-05-07T10:00:00Z'),
  pr('acme/a', 4, 'Refactor PAT-077', '', '2026-05-12T10:00:00Z'),
  pr('acme/a', 5, 'Bump deps', 'PAT-001', '2026-05-12T11:00:00Z', { author: 'renovate[bot]' }),
  pr('acme/a', 6, 'Tidy', '', '2026-05-13T10:00:00Z', { labels: ['agent'] }),
  pr('acme/a', 7, 'Publish via PAT-002', '', '2026-05-14T10:00:00Z'),
  pr('acme/a', 8, 'Draft PAT-001', '', null),
  pr('acme/b', 9, 'XPAT-001 cleanup', 'uses PAT-001', '2026-05-06T10:00:00Z'),
].join('\n');
const Q = 'from=2026-05-04&to=2026-05-18';

describe('patterns: library, citations and the three pattern metrics', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let admin: string;
  const get = (url: string) => request(app.getHttpServer()).get(url).set('Authorization', bearer(admin));
  const metrics = async (scope: string) =>
    (await get(`/api/v1/metrics?scope=${scope}&${Q}&metrics=pattern_citation_rate,retired_pattern_citations,pattern_library_freshness`)).body.metrics;

  beforeAll(async () => {
    db = await createTestDatabase('pat');
    app = await createTestApp(db.url);
    admin = await adminToken(app);
    const res = await request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(admin)).set('Content-Type', 'application/x-ndjson').send(scenario);
    expect(res.status).toBe(200);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('computes the citation rate (split agent/human), retired citations and freshness', async () => {
    const m = await metrics('org');
    // counted (merged in period, not bots): #1 #2 #3 #4 #6 #7 #9 = 7; citing an active pattern: #1 #2 #7 #9 = 4 → 4/7
    // agent: #2 #6 → 1/2; human: #1 #3 #4 #7 #9 → 3/5
    expect(m.pattern_citation_rate).toMatchObject({ value: 4 / 7, sampleSize: 7, citing: 4 });
    expect(m.pattern_citation_rate.split).toEqual({ agent: { value: 0.5, sampleSize: 2 }, human: { value: 3 / 5, sampleSize: 5 } });
    // week 05-04: #1 #2 #3 #9 → 3/4; week 05-11: #4 #6 #7 → 1/3
    expect(m.pattern_citation_rate.series.map((s: { value: number }) => s.value)).toEqual([3 / 4, 1 / 3]);
    // #3 cites PAT-003, retired 05-01 before its merge → 1
    expect(m.retired_pattern_citations).toMatchObject({ value: 1, sampleSize: 1 });
    // last change 05-01T00:00 → period end 05-18T00:00 = 17 days = 1 468 800 s > 14 days → stale
    expect(m.pattern_library_freshness).toMatchObject({ value: 1_468_800, stale: true, lastChangedAt: '2026-05-01T00:00:00.000Z' });
    // squad a: #1 #2 #3 #4 #6 #7 = 6, citing active #1 #2 #7 = 3 → 0.5
    expect((await metrics('squad:a')).pattern_citation_rate).toMatchObject({ value: 0.5, sampleSize: 6 });
  });

  it('is null, not 0, when no PR was merged in the period', async () => {
    const res = await get('/api/v1/metrics?scope=org&from=2026-01-05&to=2026-01-12&metrics=pattern_citation_rate,retired_pattern_citations,pattern_library_freshness');
    expect(res.body.metrics.pattern_citation_rate).toMatchObject({ value: null, sampleSize: 0 });
    expect(res.body.metrics.retired_pattern_citations).toMatchObject({ value: 0 });
    // no entry existed on 01-12 → null
    expect(res.body.metrics.pattern_library_freshness).toMatchObject({ value: null, stale: null });
  });

  it('explains each PR with its rule, and lists the migration work', async () => {
    const rows = (await get(`/api/v1/metrics/pattern_citation_rate/events?scope=org&${Q}`)).body.rows as { pullRequest: { number: number }; rule: string }[];
    const rule = Object.fromEntries(rows.map((r) => [r.pullRequest.number, r.rule]));
    expect(rule).toEqual({
      1: 'cites-active-pattern',
      2: 'cites-active-pattern',
      3: 'cites-retired-only',
      4: 'unknown-key',
      5: 'excluded-bot-pr',
      6: 'no-citation',
      7: 'cites-active-pattern',
      9: 'cites-active-pattern',
    });
    const two = rows.find((r) => r.pullRequest.number === 2) as unknown as { citations: unknown[] };
    expect(two.citations).toEqual([{ key: 'PAT-002', kind: 'active', via: 'path' }]);
    const migration = (await get(`/api/v1/metrics/retired_pattern_citations/events?scope=org&${Q}`)).body.rows;
    expect(migration).toEqual([
      expect.objectContaining({
        pullRequest: expect.objectContaining({ repo: 'acme/a', number: 3 }),
        pattern: 'PAT-003',
        replacedBy: 'PAT-001',
        migrationNote: 'Move to PAT-001 retries',
        rule: 'cites-retired-pattern',
      }),
    ]);
  });

  it('lists the library with citation counts per pattern and the unknown keys', async () => {
    const res = await get(`/api/v1/patterns?scope=org&${Q}`);
    expect(res.status).toBe(200);
    const counts = Object.fromEntries(res.body.patterns.map((p: { key: string; citations: number }) => [p.key, p.citations]));
    // PAT-001: #1 #5 (bot PRs count as citations here) #9 = 3; PAT-002: #2 #7 = 2; PAT-003: #3 = 1 (#8 is not merged)
    expect(counts).toEqual({ 'PAT-001': 3, 'PAT-002': 2, 'PAT-003': 1 });
    expect(res.body.patterns.find((p: { key: string }) => p.key === 'PAT-003')).toMatchObject({
      status: 'retired',
      retiredAt: '2026-05-01T00:00:00.000Z',
      replacedBy: 'PAT-001',
      migrationNote: 'Move to PAT-001 retries',
      retiredCitations: 1,
    });
    expect(res.body.unknownKeys).toEqual([{ key: 'PAT-077', citations: 1 }]);
    expect(res.body.freshness).toMatchObject({ seconds: 1_468_800, stale: true, incrementDays: 14 });
    // squad b: only #9 → PAT-001 1
    const b = await get(`/api/v1/patterns?scope=squad:b&${Q}`);
    expect(b.body.patterns.map((p: { citations: number }) => p.citations)).toEqual([1, 0, 0]);
  });

  it('a viewer cannot write; a retirement needs a migration note', async () => {
    const viewer = await login(app, (await createUser(app, { roles: ['viewer'], squads: ['a'] })).email);
    const res = await request(app.getHttpServer())
      .post('/api/v1/patterns')
      .set('Cookie', viewer.cookie)
      .set('X-CSRF-Token', viewer.csrfToken)
      .send({ key: 'PAT-010', title: 'Nope' });
    expect(res.status).toBe(403);
    const bad = await request(app.getHttpServer()).post('/api/v1/patterns/PAT-002/retire').set('Authorization', bearer(admin)).send({ replacedBy: 'PAT-001' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^migrationNote:/);
    const badKey = await request(app.getHttpServer()).post('/api/v1/patterns').set('Authorization', bearer(admin)).send({ key: 'PAT 1', title: 'x' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.message).toMatch(/^key:/);
  });

  it('a practice lead creates and edits patterns; retiring one makes later PRs retired citations', async () => {
    const lead = await login(app, (await createUser(app, { roles: ['practice_lead'] })).email);
    const write = (method: 'post' | 'patch', url: string, body: object) =>
      request(app.getHttpServer())[method](url).set('Cookie', lead.cookie).set('X-CSRF-Token', lead.csrfToken).send(body);
    const created = await write('post', '/api/v1/patterns', { key: 'PAT-077', title: 'Refactoring guide' });
    expect(created.status).toBe(201);
    expect((await write('post', '/api/v1/patterns', { key: 'PAT-077', title: 'Again' })).status).toBe(409);
    expect((await write('patch', '/api/v1/patterns/PAT-077', { title: 'Refactoring' })).body).toMatchObject({ key: 'PAT-077', title: 'Refactoring' });
    // PAT-077 is in the library now: #4 cites it (active) and it is no longer an unknown key
    const list = await get(`/api/v1/patterns?scope=org&${Q}`);
    expect(list.body.unknownKeys).toEqual([]);

    // retire PAT-002 as of 05-10: #7 (merged 05-14) now cites a retired pattern; #2 (05-06) still cites it active
    const retired = await write('post', '/api/v1/patterns/PAT-002/retire', {
      migrationNote: 'Use the outbox (PAT-001)',
      replacedBy: 'PAT-001',
      retiredAt: '2026-05-10T00:00:00Z',
    });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ status: 'retired', retiredAt: '2026-05-10T00:00:00.000Z', replacedBy: 'PAT-001' });
    const m = await metrics('org');
    // retired citations: #3 (PAT-003) and #7 (PAT-002) → 2
    expect(m.retired_pattern_citations.value).toBe(2);
    // citing active now: #1 #2 #4 (PAT-077) #9 = 4 of 7 → 4/7 (#7 left, #4 joined)
    expect(m.pattern_citation_rate).toMatchObject({ value: 4 / 7, sampleSize: 7 });
    // last change at or before 05-18: the retirement 05-10 → 8 days = 691 200 s ≤ 14 days → fresh
    // (PAT-077 was created now, after the period: not seen from its end)
    expect(m.pattern_library_freshness).toMatchObject({ value: 691_200, stale: false });
    const migration = (await get(`/api/v1/metrics/retired_pattern_citations/events?scope=org&${Q}`)).body.rows;
    expect(migration.map((r: { pullRequest: { number: number }; pattern: string }) => [r.pullRequest.number, r.pattern])).toEqual([
      [7, 'PAT-002'],
      [3, 'PAT-003'],
    ]);
    expect((await write('post', '/api/v1/patterns/PAT-002/retire', { migrationNote: 'again' })).status).toBe(409);

    const history = await get('/api/v1/patterns/PAT-002/history');
    expect(history.body.changes).toEqual([
      expect.objectContaining({
        action: 'retired',
        before: expect.objectContaining({ status: 'active', retiredAt: null }),
        after: expect.objectContaining({ status: 'retired', migrationNote: 'Use the outbox (PAT-001)' }),
      }),
    ]);
    expect((await get('/api/v1/patterns/PAT-077/history')).body.changes.map((c: { action: string; by: string }) => c.action)).toEqual(['created', 'edited']);
    expect((await get('/api/v1/patterns/NOPE-1/history')).status).toBe(404);
  });
});
