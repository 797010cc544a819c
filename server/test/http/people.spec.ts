import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { mergeIdentities } from '../../src/org/people.js';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer, createUser, login, type CookieSession } from '../support/auth.js';

/**
 * People and identities through the API. Squad a owns acme/a. Ana has two person records:
 * `ana` (ana@acme.test, github ana) and `ana-gh` (ana@old.test, github ana-alt, pagerduty PANA).
 * Bo authors PRs 1–4 (submitted 2026-03-02…05, period [2026-03-02, 2026-03-09)), reviewed by:
 *
 *   #1  ana       → person ana
 *   #2  ana-gh    → person ana-gh (by key)
 *   #3  ana-alt   → person ana-gh (by login)
 *   #4  cy        → person cy
 *
 * Before the merge: ana 1, ana-gh 2, cy 1 → review_concentration = 2 / 4 = 0.5.
 * After merging ana-gh into ana: ana 3 (the key re-pointed, the login moved), cy 1
 * → review_concentration = 3 / 4 = 0.75, and the drill-down lists ana once.
 */
const review = (n: number, reviewer: string) =>
  JSON.stringify({ type: 'review', repo: 'acme/a', number: n, id: `rv${n}`, reviewer, state: 'approved', submittedAt: `2026-03-0${n + 1}T12:00:00Z` });
const pr = (n: number) =>
  JSON.stringify({ type: 'pull_request', repo: 'acme/a', number: n, title: `PR ${n}`, body: '', author: 'bo', createdAt: `2026-03-0${n + 1}T09:00:00Z`, baseBranch: 'main', headBranch: `f${n}` });
const scenario = [
  '{"type":"squad","key":"a","name":"A"}',
  '{"type":"repository","key":"acme/a","squads":["a"],"defaultBranch":"main"}',
  '{"type":"person","key":"ana","name":"Ana","kind":"human","emails":["ana@acme.test"],"logins":{"github":"ana"},"squads":["a"]}',
  '{"type":"person","key":"ana-gh","name":"Ana (old account)","kind":"human","emails":["ana@old.test","ANA@acme.test"],"logins":{"github":"ana-alt","pagerduty":"PANA"},"roles":["practice_lead"]}',
  '{"type":"person","key":"bo","name":"Bo","kind":"human","emails":["bo@acme.test"],"squads":["a"]}',
  '{"type":"person","key":"cy","name":"Cy","kind":"human","squads":["a"]}',
  ...[1, 2, 3, 4].map(pr),
  review(1, 'ana'),
  review(2, 'ana-gh'),
  review(3, 'ana-alt'),
  review(4, 'cy'),
  '{"type":"commit","repo":"acme/a","sha":"c1c1","parents":[],"author":"ana-gh","authoredAt":"2026-03-03T10:00:00Z","committedAt":"2026-03-03T10:00:00Z","message":"x"}',
  '{"type":"pr_event","repo":"acme/a","number":1,"id":"l1","kind":"labeled","label":"drift","at":"2026-03-02T10:00:00Z","actor":"ana-gh"}',
].join('\n');
const PERIOD = 'scope=squad:a&from=2026-03-02&to=2026-03-09';

describe('people and identities: list and merge', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let admin: string;
  let lead: CookieSession;
  let squadLead: CookieSession;
  const api = () => request(app.getHttpServer());
  const get = (url: string) => api().get(url).set('Authorization', bearer(admin));
  const merge = (key: string, body: unknown) => api().post(`/api/v1/people/${encodeURIComponent(key)}/merge`).set('Authorization', bearer(admin)).send(body as object);
  const concentration = async () => {
    const res = await get(`/api/v1/metrics?${PERIOD}&metrics=review_concentration`);
    expect(res.status).toBe(200);
    return res.body.metrics.review_concentration.value as number;
  };

  beforeAll(async () => {
    db = await createTestDatabase('people');
    app = await createTestApp(db.url);
    admin = await adminToken(app);
    const res = await api().post('/api/v1/import').set('Authorization', bearer(admin)).set('Content-Type', 'application/x-ndjson').send(scenario);
    expect(res.status).toBe(200);
    const pl = await createUser(app, { roles: ['practice_lead'] });
    lead = await login(app, pl.email);
    const sl = await createUser(app, { roles: ['squad_lead'], squads: ['a'] });
    squadLead = await login(app, sl.email);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('lists people by name with their identities; the search matches key, name, email or login; pages with a cursor', async () => {
    const all = await get('/api/v1/people');
    expect(all.status).toBe(200);
    expect(all.body.rows.map((p: { key: string }) => p.key)).toEqual(['ana', 'ana-gh', 'bo', 'cy']);
    expect(all.body.rows[1]).toEqual({
      key: 'ana-gh',
      name: 'Ana (old account)',
      kind: 'human',
      emails: ['ana@old.test', 'ANA@acme.test'],
      logins: { github: 'ana-alt', pagerduty: 'PANA' },
      squads: [],
      roles: ['practice_lead'],
    });
    expect(all.body.nextCursor).toBeNull();
    const byLogin = await get('/api/v1/people?query=PAN');
    expect(byLogin.body.rows.map((p: { key: string }) => p.key)).toEqual(['ana-gh']);
    const byEmail = await get('/api/v1/people?query=bo%40acme');
    expect(byEmail.body.rows.map((p: { key: string }) => p.key)).toEqual(['bo']);
    // % and _ are literal
    expect((await get('/api/v1/people?query=%25')).body.rows).toEqual([]);
    const page1 = await get('/api/v1/people?limit=3');
    expect(page1.body.rows).toHaveLength(3);
    const page2 = await get(`/api/v1/people?limit=3&cursor=${page1.body.nextCursor}`);
    expect(page2.body.rows.map((p: { key: string }) => p.key)).toEqual(['cy']);
    for (const [q, field] of [['limit=0', 'limit'], ['cursor=nope', 'cursor']] as const) {
      const bad = await get(`/api/v1/people?${q}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.field).toBe(field);
    }
  });

  it('lets a practice lead read people but not merge; a squad lead can do neither', async () => {
    expect((await api().get('/api/v1/people').set('Cookie', lead.cookie)).status).toBe(200);
    expect((await api().get('/api/v1/people').set('Cookie', squadLead.cookie)).status).toBe(403);
    const asLead = await api().post('/api/v1/people/ana-gh/merge').set('Cookie', lead.cookie).set('X-CSRF-Token', lead.csrfToken).send({ into: 'ana' });
    expect(asLead.status).toBe(403);
    expect((await get('/api/v1/people?query=ana-gh')).body.rows).toHaveLength(1);
  });

  it('refuses bad merges naming the field, and writes nothing', async () => {
    const cases: [string, unknown, number, string][] = [
      ['ana-gh', {}, 400, 'into'],
      ['ana-gh', { into: 5 }, 400, 'into'],
      ['ana-gh', { into: 'ana', also: 1 }, 400, 'also'],
      ['nobody', { into: 'ana' }, 404, 'key'],
      ['ana-gh', { into: 'nobody' }, 404, 'into'],
      ['ana', { into: 'ana' }, 409, 'into'],
    ];
    for (const [key, body, status, field] of cases) {
      const res = await merge(key, body);
      expect([key, res.status, res.body.error?.details?.field]).toEqual([key, status, field]);
    }
    expect((await get('/api/v1/people')).body.rows).toHaveLength(4);
    expect(await concentration()).toBeCloseTo(2 / 4, 10);
  });

  it('merges: identities move, references follow, the merged person goes, metrics count the reviewer once, and the audit log has it', async () => {
    expect(await concentration()).toBeCloseTo(2 / 4, 10);
    const res = await merge('ana-gh', { into: 'ana' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      person: {
        key: 'ana',
        name: 'Ana',
        kind: 'human',
        // ANA@acme.test is ana@acme.test: kept once
        emails: ['ana@acme.test', 'ana@old.test'],
        logins: { github: 'ana', 'github:2': 'ana-alt', pagerduty: 'PANA' },
        squads: ['a'],
        roles: ['practice_lead'],
      },
      merged: 'ana-gh',
      moved: { commits: 1, pull_requests: 0, reviews: 1, pr_events: 1, agent_sessions: 0, agent_session_events: 0 },
    });
    const ds = app.get(DataSource);
    expect(await ds.query(`SELECT key FROM people WHERE key = 'ana-gh'`)).toEqual([]);
    expect(await ds.query(`SELECT reviewer FROM reviews ORDER BY number`)).toEqual([{ reviewer: 'ana' }, { reviewer: 'ana' }, { reviewer: 'ana-alt' }, { reviewer: 'cy' }]);
    expect(await ds.query(`SELECT author FROM commits`)).toEqual([{ author: 'ana' }]);
    expect(await ds.query(`SELECT actor FROM pr_events`)).toEqual([{ actor: 'ana' }]);
    // 3 of 4 reviews are now Ana's (key ana, re-pointed ana-gh, login ana-alt)
    expect(await concentration()).toBeCloseTo(3 / 4, 10);
    const drill = await get(`/api/v1/metrics/review_concentration/events?${PERIOD}`);
    expect(drill.body.rows.map((r: { reviewer: string; reviews: number }) => [r.reviewer, r.reviews])).toEqual([
      ['ana', 3],
      ['cy', 1],
    ]);
    const audit = await get('/api/v1/audit?action=person.merge');
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({ action: 'person.merge', target: 'person:ana-gh', details: { into: 'ana' } });
    // merging again: the key is gone
    expect((await merge('ana-gh', { into: 'ana' })).status).toBe(404);
  });
});

describe('mergeIdentities (pure)', () => {
  const p = (key: string, logins: Record<string, string>, emails: string[] = []) => ({ key, name: key, kind: 'human', emails, logins, squads: null, roles: null });
  it('numbers further accounts of one source and never repeats a login', () => {
    const into = p('a', { github: 'a1', 'github:2': 'a2' });
    const from = p('b', { github: 'b1', 'github:2': 'A1', gitlab: 'b3' }, ['b@x']);
    expect(mergeIdentities(from, into)).toEqual({
      key: 'a',
      name: 'a',
      kind: 'human',
      emails: ['b@x'],
      logins: { github: 'a1', 'github:2': 'a2', 'github:3': 'b1', gitlab: 'b3' },
      squads: [],
      roles: [],
    });
  });
});
