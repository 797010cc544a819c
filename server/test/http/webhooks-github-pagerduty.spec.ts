import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';

/**
 * The real GitHub and PagerDuty webhook handlers through the real receiver (S3, R1): a real
 * GitHub delivery (@octokit/webhooks-examples) and PagerDuty v3 deliveries, signed with the
 * source's secret. Wrong or missing signatures store nothing; a replayed delivery is stored
 * once; what a delivery carries shows up in the metrics inputs.
 */
const require = createRequire(import.meta.url);
interface Definition {
  name: string;
  actions: string[];
  examples: Record<string, any>[];
}
const DEFINITIONS = JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples'), 'utf8')) as Definition[];
const closedPr = DEFINITIONS.find((d) => d.name === 'pull_request')!.examples.find((e) => e.action === 'closed')!;
const pd = (name: string) => readFileSync(new URL(`../fixtures/pagerduty/${name}.json`, import.meta.url));

describe('webhooks: GitHub and PagerDuty receivers with their real handlers', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase('whgp');
    app = await createTestApp(db.url);
    admin = await adminToken(app);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const createSource = async (kind: string, config: Record<string, unknown>, webhookSecret: string): Promise<string> => {
    const res = await request(app.getHttpServer()).post('/api/v1/sources').set('Authorization', bearer(admin)).send({ kind, name: `${kind}-hooks-${webhookSecret}`, config, secrets: { webhookSecret } });
    expect(res.status).toBe(201);
    expect(res.body.webhookPath).toContain(`/api/v1/webhooks/${kind}`);
    return res.body.id as string;
  };
  const rawCount = async (source: string) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM raw_events WHERE source LIKE $1`, [`${source}%`]))[0]!.n);

  it('GitHub: a signed pull_request.closed delivery stores the PR once; unsigned or mis-signed ones store nothing', async () => {
    const repo = closedPr.repository.full_name as string;
    const id = await createSource('github', { repositories: [repo] }, 'gh-secret');
    const body = Buffer.from(JSON.stringify(closedPr));
    const sign = (secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const send = (signature: string | null, delivery: string) => {
      const r = request(app.getHttpServer())
        .post(`/api/v1/webhooks/github?source=${id}`)
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', 'pull_request')
        .set('X-GitHub-Delivery', delivery);
      if (signature) r.set('X-Hub-Signature-256', signature);
      return r.send(body.toString('utf8'));
    };
    expect((await send(null, 'gh-1')).status).toBe(401);
    expect((await send(sign('not-the-secret'), 'gh-1')).status).toBe(401);
    expect(await db.query(`SELECT 1 FROM pull_requests`)).toEqual([]);

    const ok = await send(sign('gh-secret'), 'gh-1');
    expect(ok.status).toBe(202);
    const prs = await db.query<{ repo: string; number: number; title: string; merged_at: Date }>(`SELECT repo, number, title, merged_at FROM pull_requests`);
    expect(prs).toEqual([{ repo, number: closedPr.pull_request.number, title: closedPr.pull_request.title, merged_at: closedPr.pull_request.merged_at ? new Date(closedPr.pull_request.merged_at) : null }]);
    const raws = await rawCount('github');
    expect(raws).toBeGreaterThan(0);

    // GitHub redelivers with the same delivery id: acknowledged, nothing stored twice
    const again = await send(sign('gh-secret'), 'gh-1');
    expect(again.body).toMatchObject({ duplicate: true });
    expect(await rawCount('github')).toBe(raws);
    expect(await db.query(`SELECT 1 FROM pull_requests`)).toHaveLength(1);
  });

  it('GitHub: every @octokit/webhooks-examples payload of the handled events goes through the endpoint signed, and is stored once', async () => {
    const id = await createSource('github', { repositories: ['octo-org/octo-repo'], incidentLabels: ['bug', 'incident'] }, 'all-secret');
    const events = ['pull_request', 'pull_request_review', 'push', 'workflow_job', 'workflow_run', 'check_run', 'deployment_status', 'deployment', 'release', 'issues'];
    let deliveries = 0;
    let mapped = 0;
    for (const event of events) {
      const examples = DEFINITIONS.find((d) => d.name === event)?.examples ?? [];
      expect(examples.length).toBeGreaterThan(0);
      for (const [i, example] of examples.entries()) {
        const body = JSON.stringify(example);
        const res = await request(app.getHttpServer())
          .post(`/api/v1/webhooks/github?source=${id}`)
          .set('Content-Type', 'application/json')
          .set('X-GitHub-Event', event)
          .set('X-GitHub-Delivery', `all-${event}-${i}`)
          .set('X-Hub-Signature-256', `sha256=${createHmac('sha256', 'all-secret').update(body).digest('hex')}`)
          .send(body);
        // every real delivery is accepted (mapped or acknowledged), never a 4xx/5xx
        expect([event, i, res.status]).toEqual([event, i, 202]);
        deliveries++;
        if (res.body.accepted === true) mapped++;
        else expect(res.body).toMatchObject({ ignored: true }); // e.g. a ping-like action with nothing to store
      }
    }
    expect(deliveries).toBeGreaterThan(40);
    expect(mapped).toBeGreaterThan(40);
    // each mapped delivery's payload is kept once, for replaying the mappers
    expect(await db.query(`SELECT count(*)::int AS n FROM raw_events WHERE external_id LIKE 'all-%'`)).toEqual([{ n: mapped }]);
    // what the examples carry landed in the canonical tables
    const [counts] = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM pull_requests) AS prs, (SELECT count(*)::int FROM reviews) AS reviews, (SELECT count(*)::int FROM commits) AS commits,
              (SELECT count(*)::int FROM ci_runs) AS ci_runs, (SELECT count(*)::int FROM deployments) AS deployments`,
    );
    for (const [table, n] of Object.entries(counts!)) expect([table, n > 0]).toEqual([table, true]);
  });

  it('PagerDuty v3: triggered then resolved deliveries (v1= HMAC, several signatures allowed) open and resolve one incident', async () => {
    const id = await createSource('pagerduty', {}, 'pd-secret');
    const send = (body: Buffer, signatures: string[]) => {
      const r = request(app.getHttpServer()).post(`/api/v1/webhooks/pagerduty?source=${id}`).set('Content-Type', 'application/json');
      if (signatures.length) r.set('X-PagerDuty-Signature', signatures.join(','));
      return r.send(body.toString('utf8'));
    };
    const v1 = (body: Buffer, secret: string) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const triggered = pd('incident.triggered');
    const resolved = pd('incident.resolved');

    expect((await send(triggered, [])).status).toBe(401);
    expect((await send(triggered, [v1(triggered, 'wrong')])).status).toBe(401);
    expect(await db.query(`SELECT 1 FROM incidents WHERE id LIKE 'pagerduty:%'`)).toEqual([]);

    // during a secret rotation PagerDuty signs with both secrets: either may match
    expect((await send(triggered, [v1(triggered, 'old-secret'), v1(triggered, 'pd-secret')])).status).toBe(202);
    const open = await db.query<{ id: string; resolved_at: Date | null }>(`SELECT id, resolved_at FROM incidents WHERE id LIKE 'pagerduty:%'`);
    expect(open).toHaveLength(1);
    expect(open[0]!.resolved_at).toBeNull();

    expect((await send(resolved, [v1(resolved, 'pd-secret')])).status).toBe(202);
    const closed = await db.query<{ id: string; opened_at: Date; resolved_at: Date | null }>(`SELECT id, opened_at, resolved_at FROM incidents WHERE id LIKE 'pagerduty:%'`);
    expect(closed).toHaveLength(1);
    expect(closed[0]!.id).toBe(open[0]!.id);
    expect(closed[0]!.resolved_at).not.toBeNull();
    expect(closed[0]!.resolved_at!.getTime()).toBeGreaterThan(closed[0]!.opened_at.getTime());

    // replaying both deliveries changes nothing (R1)
    const before = await db.query(`SELECT * FROM incidents WHERE id LIKE 'pagerduty:%'`);
    expect((await send(triggered, [v1(triggered, 'pd-secret')])).body).toMatchObject({ duplicate: true });
    expect((await send(resolved, [v1(resolved, 'pd-secret')])).body).toMatchObject({ duplicate: true });
    expect(await db.query(`SELECT * FROM incidents WHERE id LIKE 'pagerduty:%'`)).toEqual(before);
  });
});
