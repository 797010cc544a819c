import type { MetricsBatchResponse, MetricsResponse } from '@bearing/shared';
import { gunzipSync } from 'node:zlib';
import type { DriftRepository } from '../drift/drift.repository.js';
import type { OrgService } from '../org/org.service.js';
import { type ResolvedScope, type ScopeRef, formatScope } from '../org/scope.js';
import type { DeploymentRow } from './compute/rows.js';
import type { MetricsSnapshot, Snapshot } from './metrics-snapshot.js';
import type { MetricsRepository } from './metrics.repository.js';
import { MetricsService, type ScopeReader } from './metrics.service.js';
import { DEFAULT_RULES, type MetricRules } from './rules.js';

/**
 * MetricsService with faked repositories: only `deploymentFacts` is asked for (the queries ask
 * for deployment_frequency alone), so its calls count the computations.
 *
 * Scenario: each squad has one successful production deployment on 2026-03-03 (local date),
 * so deployment_frequency over [2026-03-02, 2026-03-09) is 1 per squad and n for a group of n.
 */
const QUERY = { from: '2026-03-02', to: '2026-03-09', interval: 'week', metrics: 'deployment_frequency' };

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const row = (id: string): DeploymentRow => ({ id, localDate: '2026-03-03' }) as DeploymentRow;

function setup(groups: Record<string, string[]> = { g: ['a', 'b'] }) {
  const calls: Array<{ squads: string[] | null; done: ReturnType<typeof deferred<DeploymentRow[]>> }> = [];
  let running = 0;
  let maxRunning = 0;
  const repository = {
    deploymentFacts: (squads: string[] | null) => {
      const done = deferred<DeploymentRow[]>();
      calls.push({ squads, done });
      running++;
      maxRunning = Math.max(maxRunning, running);
      return done.promise.finally(() => running--);
    },
  } as unknown as MetricsRepository;
  const squads = Object.values(groups).flat();
  const resolve = async (ref: ScopeRef): Promise<ResolvedScope> => {
    if (ref.kind === 'org') return { ref, squads: null };
    if (ref.kind === 'group') return { ref, squads: groups[ref.key]! };
    return { ref, squads: [ref.key] };
  };
  const snap: Snapshot = { timeZone: 'UTC', rules: { ...DEFAULT_RULES, timeZone: 'UTC', productionPattern: 'prod' } as MetricRules, version: '1', targets: new Map(), resolve };
  const snapshot = { get: async () => snap } as unknown as MetricsSnapshot;
  const org = {
    describe: (s: ResolvedScope) => formatScope(s.ref),
    squads: async () => ({ squads: squads.map((key) => ({ key })) }),
  } as unknown as OrgService;
  const service = new MetricsService(org, repository, {} as DriftRepository, snapshot);
  /** answers every pending deploymentFacts query with one deployment per squad it covers */
  const answerAll = () => {
    for (const c of calls) c.done.resolve((c.squads ?? squads).map((s) => row(`d-${s}`)));
  };
  return { service, calls, answerAll, maxRunning: () => maxRunning };
}

const everyone: ScopeReader = { canRead: async () => true };
const ticks = () => new Promise((r) => setImmediate(r));
const json = <T>(b: Buffer): T => JSON.parse(b.toString('utf8')) as T;

describe('MetricsService: in-flight sharing', () => {
  it('two concurrent identical requests share one computation (the repository is queried once)', async () => {
    const { service, calls, answerAll } = setup();
    const q = { ...QUERY, scope: 'squad:a' };
    const first = service.metricsBody(q);
    const second = service.metricsBody(q);
    await ticks();
    expect(calls).toHaveLength(1);
    answerAll();
    const [x, y] = await Promise.all([first, second]);
    expect(json<MetricsResponse>(x.body).metrics.deployment_frequency!.value).toBe(1);
    expect(y.body.equals(x.body)).toBe(true);
    // and afterwards from the cache
    await service.metricsBody(q);
    expect(calls).toHaveLength(1);
  });

  it('different scopes are computed apart', async () => {
    const { service, calls, answerAll } = setup();
    const a = service.metricsBody({ ...QUERY, scope: 'squad:a' });
    const b = service.metricsBody({ ...QUERY, scope: 'squad:b' });
    await ticks();
    expect(calls.map((c) => c.squads)).toEqual([['a'], ['b']]);
    answerAll();
    await Promise.all([a, b]);
  });

  it('a failed computation fails every waiter and is not cached: the next request computes again', async () => {
    const { service, calls } = setup();
    const q = { ...QUERY, scope: 'squad:a' };
    const first = service.metricsBody(q);
    const second = service.metricsBody(q);
    await ticks();
    expect(calls).toHaveLength(1);
    calls[0]!.done.reject(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await expect(second).rejects.toThrow('connection lost');
    const third = service.metricsBody(q);
    await ticks();
    expect(calls).toHaveLength(2);
    calls[1]!.done.resolve([row('d1')]);
    expect(json<MetricsResponse>((await third).body).metrics.deployment_frequency!.value).toBe(1);
  });
});

describe('MetricsService: batch', () => {
  it('answers each scope in the order asked, at most 3 computing at a time, sharing with single requests', async () => {
    const groups = { g: ['a', 'b'], h: ['c', 'd', 'e'] };
    const { service, calls, answerAll, maxRunning } = setup(groups);
    const single = service.metricsBody({ ...QUERY, scope: 'group:h' });
    const batch = service.metricsBatchBody(
      { scopes: ['group:h', 'squad:a', 'squad:b', 'group:g', 'squad:c', 'org'], from: QUERY.from, to: QUERY.to, metrics: ['deployment_frequency'] },
      everyone,
    );
    // answer the queries as they come, a tick apart, until the batch is done
    let done = false;
    void batch.finally(() => (done = true));
    while (!done) {
      await ticks();
      answerAll();
    }
    const { body, gzip } = await batch;
    expect(gunzipSync(gzip).equals(body)).toBe(true);
    const results = json<MetricsBatchResponse>(body).results;
    // group h: c, d, e → 3; g: a, b → 2; org: all five squads → 5
    expect(results.map((r) => [r.scope, r.metrics.deployment_frequency!.value])).toEqual([
      ['group:h', 3],
      ['squad:a', 1],
      ['squad:b', 1],
      ['group:g', 2],
      ['squad:c', 1],
      ['org', 5],
    ]);
    // six scopes, one query each: group:h's was shared with the single request
    expect(calls).toHaveLength(6);
    expect(maxRunning()).toBeLessThanOrEqual(3);
    expect(json<MetricsResponse>((await single).body)).toEqual(results[0]);
  });

  it('starts no more scopes once the client has gone; the ones under way finish into the cache', async () => {
    const { service, calls, answerAll } = setup({ g: ['a', 'b', 'c', 'd', 'e', 'f'] });
    const gone = new AbortController();
    const scopes = ['squad:a', 'squad:b', 'squad:c', 'squad:d', 'squad:e', 'squad:f'];
    const batch = service.metricsBatchBody({ scopes, from: QUERY.from, to: QUERY.to, metrics: ['deployment_frequency'] }, everyone, gone.signal);
    await ticks();
    expect(calls.map((c) => c.squads)).toEqual([['a'], ['b'], ['c']]); // three at a time
    gone.abort();
    answerAll();
    await expect(batch).rejects.toBe(gone.signal.reason);
    await ticks();
    expect(calls).toHaveLength(3);
    // squad:a was computed: a later request finds it without a query
    await service.metricsBody({ ...QUERY, scope: 'squad:a' });
    expect(calls).toHaveLength(3);
  });

  it('checks every scope before computing anything: one unreadable scope is a 403 naming it', async () => {
    const { service, calls } = setup();
    const reader: ScopeReader = { canRead: async (ref) => ref.kind !== 'org' };
    await expect(service.metricsBatchBody({ scopes: ['squad:a', 'org'], from: QUERY.from, to: QUERY.to }, reader)).rejects.toMatchObject({
      code: 'forbidden',
      message: "scopes: 'org' is outside what you may read",
      details: { field: 'scopes' },
    });
    expect(calls).toHaveLength(0);
  });

  it.each<[string, unknown]>([
    ['body', null],
    ['scopes', { from: QUERY.from, to: QUERY.to }],
    ['scopes', { scopes: [], from: QUERY.from, to: QUERY.to }],
    ['scopes', { scopes: 'squad:a', from: QUERY.from, to: QUERY.to }],
    ['scopes', { scopes: [1], from: QUERY.from, to: QUERY.to }],
    ['scopes', { scopes: ['team:x'], from: QUERY.from, to: QUERY.to }],
    ['scopes', { scopes: Array.from({ length: 201 }, (_, i) => `squad:s${i}`), from: QUERY.from, to: QUERY.to }], // one over the limit
    ['from', { scopes: ['org'], to: QUERY.to }],
    ['from', { scopes: ['org'], from: 20260302, to: QUERY.to }],
    ['interval', { scopes: ['org'], from: QUERY.from, to: QUERY.to, interval: 'day' }],
    ['metrics', { scopes: ['org'], from: QUERY.from, to: QUERY.to, metrics: 'deployment_frequency' }],
    ['metrics', { scopes: ['org'], from: QUERY.from, to: QUERY.to, metrics: ['nope'] }],
  ])('rejects a bad body naming %s (case %#), before any query', async (field, body) => {
    const { service, calls } = setup();
    await expect(service.metricsBatchBody(body, everyone)).rejects.toMatchObject({ code: 'validation_failed', details: { field } });
    expect(calls).toHaveLength(0);
  });
});
