import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { WebhookPayloadError, type WebhookHandler } from '../../src/connectors/connector.js';
import { ConnectorRegistry } from '../../src/connectors/registry.js';
import { type TestDatabase, createTestDatabase, rowCounts } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer, createToken } from '../support/auth.js';

const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`../fixtures/cdevents/${name}.json`, import.meta.url), 'utf8')) as Record<string, any>;

/**
 * The webhook receiver with the CDEvents 0.5.1 conformance examples (copied with their licence
 * into test/fixtures/cdevents), and a signed handler standing in for GitHub to check signatures.
 */
describe('webhook receiver: CDEvents and signatures', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let admin: string;
  let ingest: string;
  let sourceId: string;
  const post = (body: unknown, token: string | null = ingest, query = '') => {
    const r = request(app.getHttpServer()).post(`/api/v1/webhooks/cdevents${query}`).set('Content-Type', 'application/cloudevents+json');
    if (token) r.set('Authorization', bearer(token));
    return r.send(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const rawCount = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM raw_events`))[0]!.n);

  beforeAll(async () => {
    db = await createTestDatabase('wh');
    app = await createTestApp(db.url, { BEARING_SECRET_KEY: Buffer.alloc(32, 3).toString('base64') });
    admin = await adminToken(app);
    ingest = (await createToken(app, ['ingest'])).secret;
    const res = await request(app.getHttpServer())
      .post('/api/v1/sources')
      .set('Authorization', bearer(admin))
      .send({ kind: 'cdevents', name: 'tekton', config: { repo: 'acme/api' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ nextRunAt: null, webhookPath: `/api/v1/webhooks/cdevents?source=${res.body.id}` });
    sourceId = res.body.id;
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('401 without a token or with a bad one, 403 without the ingest scope; nothing stored', async () => {
    const body = fixture('service_deployed');
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, 'brg_not_a_real_token')).status).toBe(401);
    const read = (await createToken(app, ['read'])).secret;
    expect((await post(body, read)).status).toBe(403);
    expect(await rawCount()).toBe(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM deployments`))[0]).toEqual({ n: 0 });
  });

  it('maps every handled conformance example', async () => {
    const cases: [string, string, Record<string, number>][] = [
      ['pipelinerun_finished', 'pipelinerun.finished', { ci_run: 1 }],
      ['taskrun_finished', 'taskrun.finished', { ci_run: 1 }],
      ['service_deployed', 'service.deployed', { deployment: 1 }],
      ['service_upgraded', 'service.upgraded', { deployment: 1 }],
      ['service_rolledback', 'service.rolledback', { deployment: 1 }],
      ['incident_detected', 'incident.detected', { incident: 1 }],
      ['incident_reported', 'incident.reported', { incident: 1 }],
    ];
    for (const [name, event, byType] of cases) {
      const res = await post(fixture(name));
      expect([name, res.status, res.body]).toEqual([name, 202, expect.objectContaining({ accepted: true, duplicate: false, event, byType })]);
    }
    expect(await db.query(`SELECT id, workflow, job, status, repo, branch, finished_at FROM ci_runs ORDER BY id`)).toEqual([
      { id: 'pipelinerun:mySubject123', workflow: 'myPipeline', job: null, status: 'failure', repo: 'acme/api', branch: 'main', finished_at: new Date('2023-03-20T14:27:05.315Z') },
      { id: 'taskrun:mySubject123', workflow: 'pipelinerun mySubject123', job: 'myTask', status: 'failure', repo: 'acme/api', branch: 'main', finished_at: new Date('2023-03-20T14:27:05.315Z') },
    ]);
    expect(await db.query(`SELECT service, environment, status, rollback FROM deployments ORDER BY id`)).toEqual([
      { service: 'mySubject123', environment: 'test123', status: 'success', rollback: false },
      { service: 'mySubject123', environment: 'test123', status: 'success', rollback: true },
      { service: 'mySubject123', environment: 'test123', status: 'success', rollback: false },
    ]);
    expect(await db.query(`SELECT id, service, title, opened_at, resolved_at FROM incidents`)).toEqual([
      { id: 'incident-123', service: 'myApp', title: 'Response time above threshold of 100ms', opened_at: new Date('2022-11-11T13:52:20.079Z'), resolved_at: null },
    ]);
  });

  it('incident.resolved closes the incident and keeps its opening time and title', async () => {
    const resolved = fixture('incident_resolved');
    resolved.context.timestamp = '2022-11-11T15:07:20.079Z'; // 1 h 15 min after detection
    const res = await post(resolved);
    expect(res.status).toBe(202);
    expect(await db.query(`SELECT title, opened_at, resolved_at FROM incidents WHERE id = 'incident-123'`)).toEqual([
      { title: 'Response time above threshold of 100ms', opened_at: new Date('2022-11-11T13:52:20.079Z'), resolved_at: new Date('2022-11-11T15:07:20.079Z') },
    ]);
  });

  it('a replayed delivery is acknowledged as a duplicate and stores nothing twice', async () => {
    const counts = await rowCounts(db);
    const raws = await rawCount();
    const res = await post(fixture('service_deployed'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ duplicate: true });
    expect(await rowCounts(db)).toEqual(counts);
    expect(await rawCount()).toBe(raws);
  });

  it('ignores valid events it does not map (202), rejects malformed ones naming the field (400)', async () => {
    for (const name of ['build_finished', 'change_merged', 'pipelinerun_started']) {
      const res = await post(fixture(name));
      expect([name, res.status, res.body.ignored]).toEqual([name, 202, true]);
    }
    const raws = await rawCount();
    const noId = fixture('service_deployed');
    delete noId.context.id;
    const cases: [unknown, string][] = [
      [noId, 'context.id'],
      [{ ...fixture('service_deployed'), context: { ...fixture('service_deployed').context, timestamp: 'yesterday' } }, 'context.timestamp'],
      [{ ...fixture('service_deployed'), subject: { id: 'svc', content: {} } }, 'subject.content.environment'],
      [{ ...fixture('pipelinerun_finished'), subject: { id: 'p', content: { outcome: 'meh' } } }, 'subject.content.outcome'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect([field, res.status, res.body.error?.details?.field]).toEqual([field, 400, field]);
    }
    // invalid JSON is refused by the body parser, before any mapping
    const broken = await post('{"context":');
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/JSON/);
    expect(await rawCount()).toBe(raws);
  });

  it('413 over the body limit, 415 for a non-JSON body, 404 for an unknown source or kind', async () => {
    const big = { ...fixture('service_deployed'), padding: 'x'.repeat(1024 * 1024 + 10) };
    expect((await post(big)).status).toBe(413);
    const form = await request(app.getHttpServer()).post('/api/v1/webhooks/cdevents').set('Authorization', bearer(ingest)).set('Content-Type', 'text/plain').send('hello');
    expect(form.status).toBe(415);
    expect((await post(fixture('service_deployed'), ingest, '?source=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const unknownKind = await request(app.getHttpServer()).post('/api/v1/webhooks/jenkins').set('Content-Type', 'application/json').send('{}');
    expect(unknownKind.status).toBe(404);
    // a second cdevents source: ?source= becomes necessary
    await request(app.getHttpServer()).post('/api/v1/sources').set('Authorization', bearer(admin)).send({ kind: 'cdevents', name: 'argo', config: { repo: 'acme/web' } });
    const ambiguous = await post(fixture('incident_detected'));
    expect([ambiguous.status, ambiguous.body.error.details.field]).toEqual([400, 'source']);
    const explicit = await post(fixture('incident_detected'), ingest, `?source=${sourceId}`);
    expect(explicit.status).toBe(200); // already received from this source: a duplicate
  });

  it('signature handlers: 401 and nothing stored for a missing or wrong signature; the exact raw bytes are verified', async () => {
    // a signed handler in the shape of the GitHub one (HMAC-SHA256 over the raw body, per-source secret); the real GitHub connector's config schema still validates the source
    const signed: WebhookHandler<Record<string, never>> = {
      kind: 'github',
      auth: 'signature',
      secretKeys: ['webhookSecret'],
      verify(req, secrets) {
        const sig = req.headers['x-hub-signature-256'] ?? '';
        const want = `sha256=${createHmac('sha256', secrets.webhookSecret ?? '').update(req.rawBody).digest('hex')}`;
        return sig.length === want.length && timingSafeEqual(Buffer.from(sig), Buffer.from(want));
      },
      map(req) {
        const body = JSON.parse(req.rawBody.toString('utf8')) as { id?: string; sha?: string };
        if (!body.id) throw new WebhookPayloadError('id', 'id: is required');
        return {
          deliveryId: req.headers['x-github-delivery'] ?? body.id,
          event: 'deployment_status',
          records: [{ type: 'deployment', id: body.id, service: 'api', environment: 'production', status: 'success', finishedAt: '2026-03-01T10:00:00Z', sha: body.sha ?? null }],
        };
      },
    };
    app.get(ConnectorRegistry).overrideHandler(signed);
    const src = await request(app.getHttpServer())
      .post('/api/v1/sources')
      .set('Authorization', bearer(admin))
      .send({ kind: 'github', name: 'gh', config: { repositories: ['acme/api'] }, secrets: { webhookSecret: 's3cret' } });
    expect(src.status).toBe(201);
    // spacing that a re-serialisation would lose: the signature is over these exact bytes
    const body = '{"id":"gh-dep-1",  "sha":"abcdef1"}';
    const sig = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
    const send = (signature: string | null, delivery = 'd-1') => {
      const r = request(app.getHttpServer()).post('/api/v1/webhooks/github').set('Content-Type', 'application/json').set('X-GitHub-Delivery', delivery);
      if (signature) r.set('X-Hub-Signature-256', signature);
      return r.send(body);
    };
    const raws = await rawCount();
    expect((await send(null)).status).toBe(401);
    expect((await send(`sha256=${'0'.repeat(64)}`)).status).toBe(401);
    expect(await rawCount()).toBe(raws);
    expect(await db.query(`SELECT id FROM deployments WHERE id = 'gh-dep-1'`)).toEqual([]);
    const ok = await send(sig);
    expect([ok.status, ok.body.accepted]).toEqual([202, true]);
    expect(await db.query(`SELECT id, sha FROM deployments WHERE id = 'gh-dep-1'`)).toEqual([{ id: 'gh-dep-1', sha: 'abcdef1' }]);
    expect((await send(sig)).body).toMatchObject({ duplicate: true });
  });
});
