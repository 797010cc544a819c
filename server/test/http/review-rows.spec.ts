import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MetricKey, MetricsResponse } from '@bearing/shared';
import request from 'supertest';
import { generateDemo } from '../../src/demo/generator.js';
import { MetricsRepository } from '../../src/metrics/metrics.repository.js';
import { AVAILABLE_METRICS, MetricsService } from '../../src/metrics/metrics.service.js';
import { OrgService } from '../../src/org/org.service.js';
import { ReviewCollector } from '../../src/reports/review.collector.js';
import { HEADLINE_METRICS, type ReviewCell, type ReviewRow } from '../../src/reports/review.model.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';
import { type TestDatabase, createTestDatabase } from '../support/db.js';

/**
 * The monthly review asks the metrics engine for four months of each scope in one go
 * (`MetricsService.metricsPerBucket`, one load of the scope's facts) instead of three queries
 * (the month, the previous month, the three months before). On the demo organisation (size S,
 * seed 42, history up to 2026-10-01: six months, 10 squads in 3 groups, with incidents, failed
 * deployments, drift episodes and pattern citations) the answers must be the same:
 *
 * - every metric of every month from `metricsPerBucket` equals `metrics()` asked for that month
 *   alone, on a second app instance (its own cache, so nothing is shared but the database);
 * - the review's rows equal what the previous three-query collector produced (kept below as
 *   the reference, run on the second instance).
 *
 * Targets are set on the org and on one squad (one met, one missed), so the per-month target
 * comparison is checked too.
 */
const MONTH = '2026-09';
const MONTHS = ['2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01'];

const available = (k: MetricKey): boolean => AVAILABLE_METRICS.includes(k);

function mean(values: (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : null;
}

/** The rows as the collector computed them before (three queries per scope), for comparison. */
async function referenceRows(metrics: MetricsService, scopes: Pick<ReviewRow, 'scope' | 'scopeName' | 'kind'>[]): Promise<ReviewRow[]> {
  const keys = HEADLINE_METRICS.filter(available);
  const query = (scope: string, from: string, to: string) => metrics.metrics({ scope, from, to, interval: 'month', metrics: keys.join(',') });
  const out: ReviewRow[] = [];
  for (const s of scopes) {
    const [now, prev, avg] = [await query(s.scope, '2026-09-01', '2026-10-01'), await query(s.scope, '2026-08-01', '2026-09-01'), await query(s.scope, '2026-06-01', '2026-09-01')];
    out.push({
      ...s,
      cells: HEADLINE_METRICS.map((m): ReviewCell => {
        const v = now.metrics[m]!;
        return {
          metric: m,
          available: true,
          unit: v.unit,
          value: v.value,
          sampleSize: v.sampleSize,
          tier: v.tier ?? null,
          target: v.target ?? null,
          previous: prev.metrics[m]?.value ?? null,
          previousTier: prev.metrics[m]?.tier ?? null,
          threeMonthAvg: mean((avg.metrics[m]?.series ?? []).map((x) => x.value)),
        };
      }),
    });
  }
  return out;
}

describe('monthly review: four months per scope from one load equal the three separate queries (demo org)', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let other: NestExpressApplication;

  beforeAll(async () => {
    db = await createTestDatabase('revrows');
    app = await createTestApp(db.url, { BEARING_REPORTS_CRON: 'off' });
    const admin = await adminToken(app);
    const ndjson = [...generateDemo({ size: 'S', seed: 42, end: new Date(Date.UTC(2026, 9, 1)) })].map((r) => JSON.stringify(r)).join('\n');
    const imp = await request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(admin)).set('Content-Type', 'application/x-ndjson').send(ndjson);
    expect(imp.status).toBe(200);
    const squads = (await request(app.getHttpServer()).get('/api/v1/squads').set('Authorization', bearer(admin))).body.squads as { key: string }[];
    // targets: the org's lead time under 2 days, a squad's change failure rate at most 10 %
    const put = (metric: string, scope: string, body: object) =>
      request(app.getHttpServer()).put(`/api/v1/targets/${metric}?scope=${scope}`).set('Authorization', bearer(admin)).send(body);
    expect((await put('lead_time_for_changes', 'org', { op: '<', value: 172800 })).status).toBe(200);
    expect((await put('change_failure_rate', `squad:${squads[0]!.key}`, { op: '<=', value: 0.1 })).status).toBe(200);
    // the second instance starts after the data and targets are in: its caches are empty
    other = await createTestApp(db.url, { BEARING_REPORTS_CRON: 'off' });
  }, 300_000);

  afterAll(async () => {
    await other?.close();
    await app?.close();
    await db?.drop();
  });

  it("the metrics' lean reads hold the same rows as the drill-downs' full reads (deployments, changes, citations)", async () => {
    const repo = app.get(MetricsRepository);
    const squads = (await app.get(OrgService).squads()).squads.map((s) => s.key);
    const period = { from: MONTHS[0]!, to: MONTHS[4]!, interval: 'month' as const, timeZone: 'UTC' };
    const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
    for (const scope of [null, [squads[0]!], squads.slice(1, 4)]) {
      const deployments = await repo.deployments(scope, period);
      const changes = await repo.changes(scope, period);
      const citing = await repo.citingPrs(scope, period);
      expect(deployments.length).toBeGreaterThan(10);
      expect(changes.length).toBeGreaterThan(10);
      expect(citing.filter((c) => c.citations.length > 0).length).toBeGreaterThan(0);
      expect(sorted(await repo.deploymentFacts(scope, period))).toEqual(sorted(deployments.map(({ id, localDate, failed, rework }) => ({ id, localDate, failed, rework }))));
      expect(sorted(await repo.changeFacts(scope, period))).toEqual(
        sorted(changes.map(({ prNumber, agent, localDate, leadTimeS, codingS, pickupS, reviewS, deployS }) => ({ prNumber, agent, localDate, leadTimeS, codingS, pickupS, reviewS, deployS }))),
      );
      expect(sorted(await repo.citationFacts(scope, period))).toEqual(sorted(citing.map(({ agent, bot, localDate, citations }) => ({ agent, bot, localDate, citations }))));
    }
  });

  it('every metric of every month, per scope, equals that month asked alone (cold, and with a month already cached)', async () => {
    const perBucket = app.get(MetricsService);
    const alone = other.get(MetricsService);
    const org = app.get(OrgService);
    const squads = (await org.squads()).squads.map((s) => s.key);
    const scopes = ['org', `group:${(await org.groups()).groups[0]!.key}`, `squad:${squads[0]}`, `squad:${squads[squads.length - 1]}`];
    for (const [n, scope] of scopes.entries()) {
      // the last scope: its second month is in the cache first (the load then covers the other three)
      if (n === scopes.length - 1) await perBucket.metrics({ scope, from: MONTHS[1], to: MONTHS[2], interval: 'month' });
      const got = await perBucket.metricsPerBucket({ scope, from: MONTHS[0], to: MONTHS[4], interval: 'month' });
      expect(got.map((r) => [r.from, r.to])).toEqual(MONTHS.slice(0, 4).map((from, i) => [from, MONTHS[i + 1]]));
      for (const [i, answer] of got.entries()) {
        const expected: MetricsResponse = await alone.metrics({ scope, from: MONTHS[i], to: MONTHS[i + 1], interval: 'month' });
        expect(Object.keys(answer.metrics).sort()).toEqual([...AVAILABLE_METRICS].sort());
        expect({ scope, month: MONTHS[i], answer }).toEqual({ scope, month: MONTHS[i], answer: expected });
      }
    }
  });

  it("the review's rows equal the three-query reference, and the months differ enough that a wrong bucket would show", async () => {
    const data = await app.get(ReviewCollector).collect(MONTH, { kind: 'org' }, new Date('2026-10-02T08:00:00Z'));
    // the org, 3 groups and 10 squads
    expect(data.rows.map((r) => r.kind)).toEqual(['org', 'group', 'group', 'group', ...Array(10).fill('squad')]);
    const expected = await referenceRows(
      other.get(MetricsService),
      data.rows.map(({ scope, scopeName, kind }) => ({ scope, scopeName, kind })),
    );
    for (const [i, row] of data.rows.entries()) expect(row).toEqual(expected[i]);

    // a collector taking "previous" from the wrong bucket (July instead of August) would not pass
    const july = await Promise.all(data.rows.map((r) => other.get(MetricsService).metrics({ scope: r.scope, from: '2026-07-01', to: '2026-08-01', interval: 'month' })));
    const shifted = expected.map((r, i) => ({ ...r, cells: r.cells.map((c) => ({ ...c, previous: july[i]!.metrics[c.metric]?.value ?? null })) }));
    expect(shifted).not.toEqual(data.rows);

    // the comparison can fail: previous ≠ value, previous ≠ the average, tiers and targets present
    const cells = data.rows.flatMap((r) => r.cells).filter((c) => c.available);
    const count = (f: (c: ReviewCell) => boolean) => cells.filter(f).length;
    expect(count((c) => c.value !== null && c.previous !== null && c.value !== c.previous)).toBeGreaterThan(20);
    expect(count((c) => c.previous !== null && c.threeMonthAvg !== null && c.previous !== c.threeMonthAvg)).toBeGreaterThan(20);
    expect(count((c) => c.tier !== null && c.previousTier !== null && c.tier !== c.previousTier)).toBeGreaterThan(0);
    expect(count((c) => c.target?.met === true) + count((c) => c.target?.met === false)).toBeGreaterThan(1);
    for (const m of HEADLINE_METRICS.filter(available)) expect({ m, withValue: count((c) => c.metric === m && c.value !== null) > 0 }).toEqual({ m, withValue: true });
  });
});
