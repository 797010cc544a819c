import { readFileSync } from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type TestDatabase, createTestDatabase, rowCounts, tableDigests } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';

const fixture = readFileSync(new URL('../fixtures/small-org.ndjson', import.meta.url), 'utf8');
const NDJSON = 'application/x-ndjson';

describe('POST /api/v1/import and GET /api/v1/export.ndjson (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let token: string;

  beforeEach(async () => {
    db = await createTestDatabase('imp');
    app = await createTestApp(db.url);
    token = await adminToken(app);
  });

  afterEach(async () => {
    await app.close();
    await db.drop();
  });

  const post = (body: string, mode?: string) =>
    request(app.getHttpServer())
      .post(`/api/v1/import${mode ? `?mode=${mode}` : ''}`)
      .set('Authorization', bearer(token))
      .set('Content-Type', NDJSON)
      .send(body);

  it('imports every record type, in any order (a review before its PR, a deployment before its commits)', async () => {
    const res = await post(fixture);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(20);
    expect(res.body.rejected).toEqual([]);
    expect(res.body.byType).toEqual({
      review: 1, deployment: 1, commit: 2, pull_request: 1, pr_event: 1, ci_run: 2, incident: 1,
      agent_session_event: 1, agent_session: 1, pattern: 2, repository: 1, service: 1, person: 3, squad: 1, group: 1,
    });
    expect(await rowCounts(db)).toEqual({
      groups: 1, squads: 1, people: 3, services: 1, repositories: 1, patterns: 2, commits: 2, pull_requests: 1,
      pr_events: 1, reviews: 1, ci_runs: 2, deployments: 1, incidents: 1, agent_sessions: 1, agent_session_events: 1,
    });
    // timestamps with an offset are stored as the same instant
    const [commit] = await db.query<{ authored_at: Date }>(`SELECT authored_at FROM commits WHERE sha LIKE 'a%'`);
    expect(commit!.authored_at.toISOString()).toBe('2026-03-01T08:00:00.000Z');
  });

  it('strict mode: one bad line rejects the whole file, names the line and field, and writes nothing', async () => {
    const lines = fixture.trimEnd().split('\n');
    lines.splice(4, 0, '{"type":"deployment","id":"dep-x","service":"pay-api","environment":"production","status":"shipped","finishedAt":"2026-03-05T00:00:00Z"}');
    const res = await post(lines.join('\n'));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('import_rejected');
    expect(res.body.accepted).toBe(0);
    expect(res.body.rejected).toEqual([{ line: 5, field: 'status', message: expect.stringContaining('success') }]);
    const counts = await rowCounts(db);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });

  it('lenient mode writes the valid lines and reports each invalid one with its field', async () => {
    const body = [
      '{"type":"squad","key":"a","name":"A"}',
      '{"type":"squad","key":"b"}',
      'not json',
      '{"type":"unicorn","key":"x"}',
      '',
      '{"type":"commit","repo":"r","sha":"zz","parents":[],"author":"x","authoredAt":"2026-01-01T00:00:00Z","committedAt":"2026-01-01T00:00:00Z","message":"m"}',
      '{"type":"incident","id":"i","title":"t","openedAt":"yesterday"}',
      '{"type":"squad","key":"c","name":"C"}',
    ].join('\n');
    const res = await post(body, 'lenient');
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.byType).toEqual({ squad: 2 });
    expect(res.body.rejected.map((r: { line: number; field: string }) => [r.line, r.field])).toEqual([
      [2, 'name'],
      [3, '(json)'],
      [4, 'type'],
      [6, 'sha'],
      [7, 'openedAt'],
    ]);
    expect((await db.query('SELECT key FROM squads ORDER BY key')).map((r) => r.key)).toEqual(['a', 'c']);
  });

  it('is idempotent: importing the same file twice changes no row and no value', async () => {
    expect((await post(fixture)).status).toBe(200);
    const counts = await rowCounts(db);
    const digests = await tableDigests(db);
    const xmin = await db.query(`SELECT xmin::text AS x FROM commits ORDER BY sha`);
    expect((await post(fixture)).status).toBe(200);
    expect(await rowCounts(db)).toEqual(counts);
    expect(await tableDigests(db)).toEqual(digests);
    // unchanged rows are not even rewritten (no dead tuples from a replay)
    expect(await db.query(`SELECT xmin::text AS x FROM commits ORDER BY sha`)).toEqual(xmin);
  });

  it('a newer version of a record updates it; the same key twice in one file keeps the last', async () => {
    await post(fixture);
    const res = await post(
      [
        '{"type":"incident","id":"inc-1","service":"pay-api","title":"Refund errors","severity":"SEV1","openedAt":"2026-03-04T10:00:00Z"}',
        '{"type":"incident","id":"inc-1","service":"pay-api","title":"Refund errors (updated)","severity":"SEV1","openedAt":"2026-03-04T10:00:00Z","resolvedAt":"2026-03-04T12:00:00Z"}',
      ].join('\n'),
    );
    expect(res.status).toBe(200);
    const rows = await db.query<{ title: string; severity: string; resolved_at: Date; caused_by: unknown }>(`SELECT * FROM incidents`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.title).toBe('Refund errors (updated)');
    expect(rows[0]!.severity).toBe('SEV1');
    expect(rows[0]!.resolved_at.toISOString()).toBe('2026-03-04T12:00:00.000Z');
    // the newer record says nothing about the cause: the stored one stays (see the next test)
    expect(rows[0]!.caused_by).toEqual({ deployment: 'dep-1' });
  });

  it("a record that omits a commit's files, a PR's commits or an incident's cause keeps the stored value; a given one replaces it", async () => {
    await post(fixture);
    const before = await db.query<{ files: unknown; commits: string[]; caused_by: unknown }>(
      `SELECT (SELECT files FROM commits WHERE sha LIKE 'a%') AS files, (SELECT commits FROM pull_requests WHERE number = 7) AS commits, (SELECT caused_by FROM incidents WHERE id = 'inc-1') AS caused_by`,
    );
    expect(before[0]!.files).not.toBeNull();
    expect(before[0]!.commits.length).toBeGreaterThan(0);
    // what webhooks send: a push commit without files, a PR event without its commit list, an incident update without a cause
    const partial = await post(
      [
        '{"type":"commit","repo":"acme/pay","sha":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","parents":[],"author":"alice@acme.test","authoredAt":"2026-03-01T09:00:00+01:00","committedAt":"2026-03-01T09:05:00+01:00","message":"init (amended text)"}',
        '{"type":"pull_request","repo":"acme/pay","number":7,"title":"Refunds (PAT-001) edited","body":"Follows PAT-001","author":"alice","createdAt":"2026-03-02T12:00:00Z","mergedAt":"2026-03-03T11:00:00Z","baseBranch":"main","headBranch":"feat/refunds","mergeSha":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}',
        '{"type":"incident","id":"inc-1","service":"pay-api","title":"Refund errors","severity":"SEV2","openedAt":"2026-03-04T10:00:00Z","resolvedAt":"2026-03-04T11:45:00Z"}',
      ].join('\n'),
    );
    expect([partial.status, partial.body.rejected]).toEqual([200, []]);
    const after = await db.query<{ message: string; files: unknown; title: string; commits: string[]; resolved_at: Date; caused_by: unknown }>(
      `SELECT (SELECT message FROM commits WHERE sha LIKE 'a%') AS message, (SELECT files FROM commits WHERE sha LIKE 'a%') AS files,
              (SELECT title FROM pull_requests WHERE number = 7) AS title, (SELECT commits FROM pull_requests WHERE number = 7) AS commits,
              (SELECT resolved_at FROM incidents WHERE id = 'inc-1') AS resolved_at, (SELECT caused_by FROM incidents WHERE id = 'inc-1') AS caused_by`,
    );
    // the other fields took the new values, the enrichment stayed
    expect(after[0]).toEqual({
      message: 'init (amended text)',
      files: before[0]!.files,
      title: 'Refunds (PAT-001) edited',
      commits: before[0]!.commits,
      resolved_at: new Date('2026-03-04T11:45:00Z'),
      caused_by: before[0]!.caused_by,
    });
    // a record that does carry the field replaces it
    expect((await post('{"type":"incident","id":"inc-1","service":"pay-api","title":"Refund errors","severity":"SEV2","openedAt":"2026-03-04T10:00:00Z","causedBy":{"pr":{"repo":"acme/pay","number":7}}}')).status).toBe(200);
    expect((await db.query<{ caused_by: unknown }>(`SELECT caused_by FROM incidents WHERE id = 'inc-1'`))[0]!.caused_by).toEqual({ pr: { repo: 'acme/pay', number: 7 } });
  });

  it('export → import into an empty database gives identical tables', async () => {
    await post(fixture);
    const exported = await request(app.getHttpServer()).get('/api/v1/export.ndjson').set('Authorization', bearer(token)).buffer(true).parse((res, cb) => {
      let data = '';
      res.on('data', (c: Buffer) => (data += c.toString()));
      res.on('end', () => cb(null, data));
    });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toMatch(/application\/x-ndjson/);
    const text = exported.body as string;
    expect(text.trimEnd().split('\n')).toHaveLength(20);

    const other = await createTestDatabase('exp');
    const otherApp = await createTestApp(other.url);
    try {
      const otherToken = await adminToken(otherApp);
      const res = await request(otherApp.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(otherToken)).set('Content-Type', NDJSON).send(text);
      expect(res.status).toBe(200);
      expect(await tableDigests(other)).toEqual(await tableDigests(db));
    } finally {
      await otherApp.close();
      await other.drop();
    }
  });

  it('export filters by squad scope and period', async () => {
    await post(fixture);
    await post('{"type":"squad","key":"other","name":"Other"}\n{"type":"deployment","id":"dep-o","service":"other-svc","environment":"production","status":"success","finishedAt":"2026-03-04T00:00:00Z"}');
    const res = await request(app.getHttpServer()).get('/api/v1/export.ndjson?scope=squad:payments-core&from=2026-03-03&to=2026-03-05').set('Authorization', bearer(token));
    expect(res.status).toBe(200);
    const records = res.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string; key?: string });
    expect(records.filter((r) => r.type === 'deployment').map((r) => r.id)).toEqual(['dep-1']);
    expect(records.filter((r) => r.type === 'squad').map((r) => r.key)).toEqual(['payments-core']);
    // commits were authored before the period
    expect(records.filter((r) => r.type === 'commit')).toHaveLength(0);
    expect(records.filter((r) => r.type === 'review')).toHaveLength(1);
  });

  it('rejects a wrong content type, mode, or scope with a 4xx naming the field', async () => {
    const wrongType = await request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(token)).set('Content-Type', 'text/csv').send('a,b');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.details.field).toBe('Content-Type');
    const wrongMode = await post(fixture, 'sloppy');
    expect(wrongMode.status).toBe(400);
    expect(wrongMode.body.error.message).toMatch(/^mode:/);
    const badScope = await request(app.getHttpServer()).get('/api/v1/export.ndjson?scope=team:x').set('Authorization', bearer(token));
    expect(badScope.status).toBe(400);
    expect(badScope.body.error.message).toMatch(/^scope:/);
    const unknownSquad = await request(app.getHttpServer()).get('/api/v1/export.ndjson?scope=squad:nope').set('Authorization', bearer(token));
    expect(unknownSquad.status).toBe(404);
    const twice = await request(app.getHttpServer()).get('/api/v1/export.ndjson?scope=org&scope=org').set('Authorization', bearer(token));
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toMatch(/^scope:/);
  });

  it('a line over the 1 MiB limit is a 413 naming the line, and nothing is written', async () => {
    const big = `{"type":"squad","key":"a","name":"A"}\n{"type":"squad","key":"b","name":"${'x'.repeat(1024 * 1024 + 10)}"}\n`;
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/line 2/);
    expect(await db.query('SELECT * FROM squads')).toEqual([]);
  });
});
