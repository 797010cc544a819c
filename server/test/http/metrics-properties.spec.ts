import type { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import request from 'supertest';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';
import { type TestDatabase, createTestDatabase, factRows } from '../support/db.js';

/**
 * Property-based tests of the metric invariants (issue 3) on small random orgs imported through
 * the real app: rates stay in [0, 1]; org counts equal the union of the squads' events; neither
 * the order of the records nor importing twice changes any metric. One database for the file,
 * emptied between runs.
 */

const FROM = '2026-03-02';
const TO = '2026-04-06'; // five ISO weeks; every generated event falls inside
const BASE = Date.parse(`${FROM}T00:00:00Z`);
const PERIOD = `from=${FROM}&to=${TO}&interval=week`;
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();

const CANONICAL_AND_FACT_TABLES = [
  'groups', 'squads', 'people', 'services', 'repositories', 'patterns', 'commits', 'pull_requests', 'pr_events', 'reviews', 'ci_runs',
  'deployments', 'incidents', 'agent_sessions', 'agent_session_events', 'raw_events',
  'deployment_facts', 'change_facts', 'incident_facts', 'pr_facts', 'review_facts', 'commit_facts', 'metric_targets', 'service_settings',
];

// ---------------------------------------------------------------------------------------------
// Generated orgs
// ---------------------------------------------------------------------------------------------

const PEOPLE = ['hana', 'ivo', 'jun', 'renovate[bot]', 'agent-1'];

const commitArb = fc.record({
  gapMin: fc.integer({ min: 5, max: 900 }),
  author: fc.constantFrom(...PEOPLE),
  /** null: a commit without PR; otherwise the PR that merged it */
  pr: fc.option(
    fc.record({
      reviewers: fc.subarray(PEOPLE, { maxLength: 3 }),
      pickupMin: fc.integer({ min: 1, max: 900 }),
      labels: fc.constantFrom([], ['hotfix'], ['agent']),
      /** an incident of another service that the PR text names: [service pick, incident pick] */
      mentions: fc.option(fc.tuple(fc.nat(), fc.nat()), { freq: 2 }),
    }),
    { freq: 3 },
  ),
});

const deploymentArb = fc.record({
  commit: fc.nat(),
  gapMin: fc.integer({ min: 10, max: 2_000 }),
  status: fc.constantFrom('success', 'success', 'success', 'failure'),
  environment: fc.constantFrom('production', 'prod', 'live', 'staging'),
  rollback: fc.constantFrom(false, false, false, true),
  failed: fc.constantFrom(false, false, false, false, true),
});

const incidentArb = fc.record({
  openedMin: fc.integer({ min: 0, max: 12_000 }),
  durationMin: fc.option(fc.integer({ min: 5, max: 3_000 }), { freq: 4 }),
  severity: fc.constantFrom('sev1', 'sev2', null),
  /** opened against the owning squad instead of the service */
  squadOnly: fc.constantFrom(false, false, false, true),
  cause: fc.option(fc.record({ kind: fc.constantFrom('deployment', 'sha', 'pr', 'unknown'), index: fc.nat() }), { freq: 2 }),
});

const serviceArb = fc.record({
  owners: fc.subarray([0, 1, 2], { minLength: 1, maxLength: 2 }),
  commits: fc.array(commitArb, { minLength: 1, maxLength: 5 }),
  deployments: fc.array(deploymentArb, { maxLength: 5 }),
  incidents: fc.array(incidentArb, { maxLength: 3 }),
});

const orgArb = fc.record({
  squads: fc.integer({ min: 2, max: 3 }),
  services: fc.array(serviceArb, { minLength: 2, maxLength: 3 }),
});

type OrgSpec = typeof orgArb extends fc.Arbitrary<infer T> ? T : never;
type Rec = Record<string, unknown>;

/** Canonical records of a generated org: every service and repository has an owning squad. */
function toRecords(spec: OrgSpec): Rec[] {
  const squads = Array.from({ length: spec.squads }, (_, i) => `s${i}`);
  const out: Rec[] = [{ type: 'group', key: 'g', name: 'G' }, ...squads.map((key) => ({ type: 'squad', key, name: key.toUpperCase(), group: 'g' }))];
  out.push(
    { type: 'person', key: 'hana', name: 'Hana', kind: 'human', logins: { github: 'hana-gh' }, squads: ['s0'], roles: ['practice_lead'] },
    { type: 'person', key: 'ivo', name: 'Ivo', kind: 'human', squads: ['s1'] },
    { type: 'person', key: 'jun', name: 'Jun', kind: 'human', squads: ['s1'], timeZone: 'Asia/Tokyo' },
    { type: 'person', key: 'agent-1', name: 'Agent', kind: 'agent' },
  );
  spec.services.forEach((s, k) => {
    const owners = [...new Set(s.owners.map((o) => squads[o % spec.squads]!))];
    const service = `svc${k}`;
    const repo = `org/r${k}`;
    out.push({ type: 'service', key: service, name: service, squads: owners, repositories: [repo] });
    out.push({ type: 'repository', key: repo, squads: owners, defaultBranch: 'main' });
    // a linear history; commit i may be merged by PR #i+1
    let t = 0;
    const shas: string[] = [];
    const times: number[] = [];
    const prNumbers: number[] = [];
    s.commits.forEach((c, i) => {
      t += c.gapMin;
      const sha = `${(k + 10).toString(16)}${i.toString(16).padStart(3, '0')}`;
      out.push({ type: 'commit', repo, sha, parents: shas.length ? [shas[shas.length - 1]] : [], author: c.author, authoredAt: at(t), committedAt: at(t), message: `change ${i}` });
      shas.push(sha);
      times.push(t);
      if (c.pr) {
        const number = i + 1;
        const opened = t + 10;
        const others = spec.services.map((x, n) => (n !== k && x.incidents.length ? n : -1)).filter((n) => n >= 0);
        const named = c.pr.mentions && others.length ? others[c.pr.mentions[0] % others.length]! : null;
        const mention = named !== null ? ` (follow-up of inc-${named}-${c.pr.mentions![1] % spec.services[named]!.incidents.length})` : '';
        out.push({
          type: 'pull_request', repo, number, title: `Change ${i}`, body: `Body${mention}`, author: c.author === 'hana' ? 'hana-gh' : c.author,
          createdAt: at(opened), mergedAt: at(opened + c.pr.pickupMin + 30), baseBranch: 'main', headBranch: `b${i}`, mergeSha: sha, commits: [sha], labels: c.pr.labels,
        });
        c.pr.reviewers.forEach((reviewer, j) => {
          out.push({ type: 'review', repo, number, id: `r${k}-${i}-${j}`, reviewer, state: 'approved', submittedAt: at(opened + c.pr!.pickupMin + j) });
        });
        prNumbers.push(number);
      }
    });
    // deployments move forward in time; the deployed commit may go back (a rollback by older SHA)
    let d = 0;
    const ids: string[] = [];
    s.deployments.forEach((dep, j) => {
      const ci = dep.commit % shas.length;
      d = Math.max(d, times[ci]!) + dep.gapMin;
      const id = `d${k}-${j}`;
      ids.push(id);
      out.push({
        type: 'deployment', id, service, repo, environment: dep.environment, sha: shas[ci], status: dep.status,
        startedAt: at(d - 5), finishedAt: at(d), ...(dep.rollback ? { rollback: true } : {}), ...(dep.failed ? { failed: true } : {}),
      });
    });
    s.incidents.forEach((inc, n) => {
      let causedBy: Rec | undefined;
      if (inc.cause) {
        const { kind, index } = inc.cause;
        if (kind === 'deployment' && ids.length) causedBy = { deployment: ids[index % ids.length] };
        else if (kind === 'sha') causedBy = { sha: shas[index % shas.length] };
        else if (kind === 'pr' && prNumbers.length) causedBy = { pr: { repo, number: prNumbers[index % prNumbers.length] } };
        else causedBy = { deployment: 'no-such-deployment' };
      }
      out.push({
        type: 'incident', id: `inc-${k}-${n}`, title: `Incident ${k}-${n}`,
        ...(inc.squadOnly ? { squad: owners[0] } : { service }),
        ...(inc.severity ? { severity: inc.severity } : {}),
        openedAt: at(inc.openedMin), ...(inc.durationMin !== null ? { resolvedAt: at(inc.openedMin + inc.durationMin) } : {}),
        ...(causedBy ? { causedBy } : {}),
      });
    });
  });
  return out;
}

/** A deterministic shuffle (mulberry32), so a failing run is reproduced by fast-check's seed. */
function shuffled<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('metric invariants on generated orgs (fast-check, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase('prop');
    app = await createTestApp(db.url);
    token = await adminToken(app);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const get = async (url: string) => {
    const res = await request(app.getHttpServer()).get(url).set('Authorization', bearer(token));
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const reset = () => db.query(`TRUNCATE ${CANONICAL_AND_FACT_TABLES.join(', ')}`);

  const importRecords = async (records: Rec[]) => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/import')
      .set('Authorization', bearer(token))
      .set('Content-Type', 'application/x-ndjson')
      .send(records.map((r) => JSON.stringify(r)).join('\n'));
    if (res.status !== 200 || res.body.rejected.length) throw new Error(`import: ${res.status} ${JSON.stringify(res.body)}`);
  };

  const scopesOf = (spec: OrgSpec) => ['org', 'group:g', ...Array.from({ length: spec.squads }, (_, i) => `squad:s${i}`)];

  /** Every metric of every scope. */
  const snapshot = async (spec: OrgSpec) => {
    const out: Record<string, unknown> = {};
    for (const scope of scopesOf(spec)) out[scope] = (await get(`/api/v1/metrics?scope=${scope}&${PERIOD}`)).metrics;
    return out;
  };

  // small run counts keep the file under a minute (each run imports into PostgreSQL); the time
  // limit is only a guard against a runaway property: on a loaded machine a 10 s limit stopped
  // properties before their first run, which fast-check reports as a failure
  const runs = (numRuns: number) => ({ numRuns, interruptAfterTimeLimit: 90_000, markInterruptAsFailure: false });

  it('every rate is in [0, 1] or null (null exactly when its sample is empty)', async () => {
    await fc.assert(
      fc.asyncProperty(orgArb, async (spec) => {
        await reset();
        await importRecords(toRecords(spec));
        for (const scope of scopesOf(spec)) {
          const m = (await get(`/api/v1/metrics?scope=${scope}&${PERIOD}`)).metrics;
          const rates: [string, unknown, number][] = [];
          for (const key of ['change_failure_rate', 'deployment_rework_rate', 'out_of_hours_commit_rate', 'review_concentration']) {
            rates.push([key, m[key].value, m[key].sampleSize]);
            for (const p of m[key].series) rates.push([`${key}@${p.start}`, p.value, p.sampleSize]);
          }
          rates.push(['practice_lead_review_share', m.review_concentration.practice_lead_review_share, m.review_concentration.sampleSize]);
          rates.push(['on_call_load.outOfHoursShare', m.on_call_load.outOfHoursShare, m.on_call_load.sampleSize]);
          for (const [name, value, n] of rates) {
            const ok = n === 0 ? value === null : typeof value === 'number' && value >= 0 && value <= 1;
            if (!ok) throw new Error(`${scope} ${name} = ${String(value)} with sampleSize ${n}`);
          }
        }
      }),
      runs(12),
    );
  });

  it('org counts equal the size of the union of the squads’ events, and a group of every squad equals the org', async () => {
    await fc.assert(
      fc.asyncProperty(orgArb, async (spec) => {
        await reset();
        await importRecords(toRecords(spec));
        const deployments = new Set<string>();
        const incidents = new Set<string>();
        const failed = new Set<string>();
        for (let i = 0; i < spec.squads; i++) {
          const q = `scope=squad:s${i}&${PERIOD}&limit=1000`;
          for (const r of (await get(`/api/v1/metrics/deployment_frequency/events?${q}`)).rows) deployments.add(r.deployment.id);
          for (const r of (await get(`/api/v1/metrics/incident_count/events?${q}`)).rows) incidents.add(r.incident.id);
          for (const r of (await get(`/api/v1/metrics/change_failure_rate/events?${q}`)).rows) if (r.failed) failed.add(r.deployment.id);
        }
        const org = (await get(`/api/v1/metrics?scope=org&${PERIOD}`)).metrics;
        const group = (await get(`/api/v1/metrics?scope=group:g&${PERIOD}`)).metrics;
        expect([org.deployment_frequency.value, org.incident_count.value, org.change_failure_rate.failed]).toEqual([deployments.size, incidents.size, failed.size]);
        expect(group).toEqual(org);
      }),
      runs(12),
    );
  });

  it('shuffling the records of the import changes no metric', async () => {
    await fc.assert(
      fc.asyncProperty(orgArb, fc.integer(), async (spec, seed) => {
        const records = toRecords(spec);
        await reset();
        await importRecords(records);
        const inOrder = await snapshot(spec);
        await reset();
        await importRecords(shuffled(records, seed));
        expect(await snapshot(spec)).toEqual(inOrder);
      }),
      runs(12),
    );
  });

  it('importing the same records twice changes no metric', async () => {
    await fc.assert(
      fc.asyncProperty(orgArb, fc.integer(), async (spec, seed) => {
        const records = toRecords(spec);
        await reset();
        await importRecords(records);
        const once = await snapshot(spec);
        await importRecords(shuffled(records, seed));
        expect(await snapshot(spec)).toEqual(once);
      }),
      runs(12),
    );
  });

  const EVENT_TYPES = ['commit', 'pull_request', 'review', 'deployment', 'incident'];
  /** the record types arriving in the later import */
  const LATER = fc.oneof(
    { arbitrary: fc.constant<string[]>(['incident']), weight: 2 }, // incidents synced after the code host: the common case
    { arbitrary: fc.constantFrom(...EVENT_TYPES).map((t) => [t]), weight: 1 },
    { arbitrary: fc.subarray(EVENT_TYPES, { minLength: 1 }), weight: 1 },
  );

  it('records of some types arriving in a later import (source by source), in any order, change no metric', async () => {
    await fc.assert(
      fc.asyncProperty(orgArb, LATER, fc.integer(), async (spec, later, seed) => {
        const records = toRecords(spec);
        await reset();
        await importRecords(records);
        const atOnce = await snapshot(spec);
        // 1st import: the structure and the other events; 2nd: the deferred types only (an incremental recompute)
        const deferred = (r: Rec) => later.includes(r.type as string);
        await reset();
        await importRecords(shuffled(records.filter((r) => !deferred(r)), seed));
        await importRecords(shuffled(records.filter(deferred), seed));
        expect(await snapshot(spec)).toEqual(atOnce);
      }),
      runs(20),
    );
  });

  it('the rows an incremental recompute leaves (only changed global rows rewritten, commits-only path) equal a whole rebuild by a fresh process', async () => {
    await fc.assert(
      fc.asyncProperty(orgArb, LATER, fc.integer(), async (spec, later, seed) => {
        const records = toRecords(spec);
        const deferred = (r: Rec) => later.includes(r.type as string);
        await reset();
        // this process: a first import, then the deferred types, then a second batch of commits only
        await importRecords(shuffled(records.filter((r) => !deferred(r) && r.type !== 'commit'), seed));
        await importRecords(shuffled(records.filter((r) => deferred(r) && r.type !== 'commit'), seed));
        await importRecords(shuffled(records.filter((r) => r.type === 'commit'), seed));
        const incremental = await factRows(db);
        // a fresh process knows nothing of what was written: its full recompute rewrites every row
        const fresh = await createTestApp(db.url);
        try {
          const res = await request(fresh.getHttpServer()).post('/api/v1/metrics/recompute').set('Authorization', bearer(await adminToken(fresh)));
          expect(res.status).toBe(200);
        } finally {
          await fresh.close();
        }
        expect(await factRows(db)).toEqual(incremental);
      }),
      runs(6),
    );
  });
});
