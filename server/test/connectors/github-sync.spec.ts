import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CanonicalRecord } from '@bearing/shared';
import type { SyncBatch, SyncContext } from '../../src/connectors/connector.js';
import { createGithubConnector, githubConfigSchema, type GithubConfig, type GithubCursor } from '../../src/connectors/github/index.js';
import { validateRecord } from '../../src/ingest/records.schema.js';
import { FakeGithub, type FakeRepo } from './fake-github.js';

/**
 * The GitHub connector against a local fake GitHub (real REST paths and shapes, Link
 * pagination, ETag/304, rate-limit headers and faults), driven through a fake SyncContext
 * that records every committed batch.
 */

const require = createRequire(import.meta.url);
const DEFS = JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples'), 'utf8')) as { name: string; examples: any[] }[];
const example = (name: string, pick: (e: any) => boolean = () => true): any => structuredClone(DEFS.find((d) => d.name === name)!.examples.find(pick));

const REPO = 'acme/api';
const NOW = new Date('2026-03-02T12:00:00Z');
const t = (min: number): string => new Date(Date.parse('2026-03-01T10:00:00Z') + min * 60_000).toISOString().replace('.000Z', 'Z');
const sha = (c: string): string => c.repeat(40);
const user = (login: string): any => ({ ...example('pull_request').pull_request.user, login });

function pull(number: number, o: { created: string; updated: string; merged?: string; closed?: string; labels?: string[]; title?: string; body?: string }): any {
  const p = example('pull_request', (e) => e.action === 'opened').pull_request;
  return {
    ...p,
    number,
    title: o.title ?? `Change ${number}`,
    body: o.body ?? `Body of ${number}`,
    user: user('alice'),
    created_at: o.created,
    updated_at: o.updated,
    merged_at: o.merged ?? null,
    closed_at: o.closed ?? o.merged ?? null,
    state: o.closed || o.merged ? 'closed' : 'open',
    merge_commit_sha: sha('f').slice(0, 39) + String(number),
    labels: (o.labels ?? []).map((name) => ({ ...p.labels?.[0], id: 1, name })),
    base: { ...p.base, ref: 'main' },
    head: { ...p.head, ref: `feature-${number}` },
  };
}

/** REST commit object (GET /repos/{o}/{r}/pulls/{n}/commits) */
function commit(s: string, parent: string, at: string, login = 'alice'): any {
  return {
    sha: s,
    node_id: 'C_kwDO',
    commit: {
      author: { name: login, email: `${login}@example.com`, date: at },
      committer: { name: 'GitHub', email: 'noreply@github.com', date: at },
      message: `work ${s.slice(0, 7)}`,
      tree: { sha: sha('e'), url: '' },
      url: '',
      comment_count: 0,
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null },
    },
    url: '',
    html_url: '',
    comments_url: '',
    author: user(login),
    committer: user('web-flow'),
    parents: [{ sha: parent, url: '', html_url: '' }],
  };
}

function review(id: number, state: string, at: string | null, login = 'bob'): any {
  const r = example('pull_request_review').review;
  return { ...r, id, state, submitted_at: at, user: user(login) };
}

function labelEvent(id: number, event: string, label: string | null, at: string): any {
  return { id, node_id: 'LE_', url: '', actor: user('carol'), event, commit_id: null, commit_url: null, created_at: at, performed_via_github_app: null, ...(label ? { label: { name: label, color: 'ededed' } } : {}) };
}

function run(id: number, o: { name: string; created: string; updated: string; status?: string; conclusion?: string | null; prs?: number[] }): any {
  const r = example('workflow_run', (e) => e.workflow_run.conclusion === 'success').workflow_run;
  return {
    ...r,
    id,
    name: o.name,
    head_branch: 'main',
    head_sha: sha('a'),
    status: o.status ?? 'completed',
    conclusion: o.conclusion === undefined ? 'success' : o.conclusion,
    created_at: o.created,
    run_started_at: o.created,
    updated_at: o.updated,
    pull_requests: (o.prs ?? []).map((number) => ({ number, id: number, url: '', head: {}, base: {} })),
  };
}

function job(id: number, runId: number, name: string, workflow: string, conclusion: string, start: string, end: string): any {
  const j = example('workflow_job', (e) => e.action === 'completed').workflow_job;
  return { ...j, id, run_id: runId, name, workflow_name: workflow, head_branch: 'main', head_sha: sha('a'), status: 'completed', conclusion, started_at: start, completed_at: end };
}

function deployment(id: number, env: string, created: string): any {
  return { ...example('deployment_status').deployment, id, environment: env, sha: sha('b'), created_at: created, updated_at: created };
}

function status(id: number, state: string, at: string): any {
  return { ...example('deployment_status').deployment_status, id, state, created_at: at, updated_at: at };
}

function release(id: number, tag: string, published: string, prerelease = false): any {
  return { ...example('release').release, id, tag_name: tag, target_commitish: sha('c'), draft: false, prerelease, created_at: published, published_at: published };
}

function issue(number: number, o: { created: string; updated: string; closed?: string; body?: string; labels: string[] }): any {
  const i = example('issues', (e) => e.action === 'opened').issue;
  return {
    ...i,
    number,
    title: `Outage ${number}`,
    body: o.body ?? '',
    created_at: o.created,
    updated_at: o.updated,
    closed_at: o.closed ?? null,
    state: o.closed ? 'closed' : 'open',
    labels: o.labels.map((name) => ({ ...i.labels[0], name })),
  };
}

/** PR 1 merged, PR 2 open with a drift label, PR 3 closed; 2 runs; 2 deployments (1 pending); 1 release; 1 incident. */
function seed(fake: FakeGithub): FakeRepo {
  const r = fake.repo(REPO);
  r.pulls = [
    pull(1, { created: t(0), updated: t(60), merged: t(60), body: 'Implements PAT-012' }),
    pull(2, { created: t(10), updated: t(70), labels: ['drift'] }),
    pull(3, { created: t(20), updated: t(80), closed: t(80) }),
  ];
  r.commits[1] = [commit(sha('1'), sha('0'), t(-30)), commit(sha('2'), sha('1'), t(-20))];
  r.commits[2] = [commit(sha('3'), sha('0'), t(5), 'agent-bot')];
  r.commits[3] = [commit(sha('4'), sha('0'), t(15))];
  r.reviews[1] = [review(101, 'APPROVED', t(40)), review(102, 'PENDING', null, 'dave')];
  r.reviews[2] = [review(103, 'CHANGES_REQUESTED', t(50))];
  r.events[2] = [labelEvent(201, 'labeled', 'drift', t(30)), labelEvent(202, 'ready_for_review', null, t(31)), labelEvent(203, 'assigned', null, t(32))];
  r.runs = [run(501, { name: 'CI', created: t(100), updated: t(110), prs: [1] }), run(502, { name: 'Deploy', created: t(120), updated: t(130) })];
  r.jobs[501] = [job(601, 501, 'test', 'CI', 'failure', t(101), t(109)), job(602, 501, 'lint', 'CI', 'success', t(101), t(103))];
  r.jobs[502] = [job(603, 502, 'ship', 'Deploy', 'success', t(121), t(129))];
  r.deployments = [deployment(701, 'production', t(140)), deployment(702, 'production', t(150))];
  r.statuses[701] = [status(801, 'in_progress', t(141)), status(802, 'success', t(145))];
  r.statuses[702] = [status(803, 'in_progress', t(151))];
  r.releases = [release(901, 'v1.0.0', t(160)), release(902, 'v1.1.0-rc1', t(170), true)];
  r.issues = [
    issue(11, { created: t(200), updated: t(260), closed: t(260), labels: ['incident', 'severity:sev2'], body: 'Checkout failing.\nroot cause: #1' }),
  ];
  return r;
}

const config = (baseUrl: string, extra: Record<string, unknown> = {}): GithubConfig =>
  githubConfigSchema.parse({
    baseUrl,
    repositories: [REPO],
    deployments: { releases: true, workflowPattern: '^deploy$' },
    services: { [REPO]: 'api' },
    ...extra,
  });

interface Harness {
  commits: SyncBatch<GithubCursor>[];
  warnings: string[];
  logs: string[];
  cursor: GithubCursor | null;
  records(): CanonicalRecord[];
}

function harness(cursor: GithubCursor | null = null): Harness {
  return {
    commits: [],
    warnings: [],
    logs: [],
    cursor,
    records() {
      return this.commits.flatMap((c) => c.records);
    },
  };
}

function context(h: Harness, cfg: GithubConfig, commitFails?: () => boolean): SyncContext<GithubConfig, GithubCursor> {
  return {
    sourceId: 'src-1',
    config: cfg,
    secrets: { token: 'ghp_SECRETTOKEN', webhookSecret: 'whsec' },
    cursor: h.cursor,
    async commit(batch) {
      if (commitFails?.()) throw new Error('database went away');
      h.commits.push(structuredClone(batch));
      h.cursor = structuredClone(batch.cursor);
    },
    signal: new AbortController().signal,
    logger: {
      log: (obj, msg) => h.logs.push(`${msg} ${JSON.stringify(obj)}`),
      warn: (obj, msg) => h.warnings.push(`${msg} ${JSON.stringify(obj)}`),
    },
    now: () => NOW,
  };
}

const connector = createGithubConnector({ retryAfterBaseMs: 1, batch: { pulls: 1, runs: 1, deployments: 1 } });
const key = (r: CanonicalRecord): string => JSON.stringify([r.type, (r as any).repo, (r as any).number, (r as any).sha, (r as any).id]);
const byKey = (rs: CanonicalRecord[]): Map<string, CanonicalRecord> => new Map(rs.map((r) => [key(r), r]));

describe('GitHub connector sync (fake GitHub Enterprise Server under /api/v3)', () => {
  let fake: FakeGithub;
  let baseUrl: string;

  beforeEach(async () => {
    fake = new FakeGithub('/api/v3');
    baseUrl = await fake.start();
    seed(fake);
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('first sync: PRs with commits, reviews and label events; jobs; deployments; releases; incidents — all valid, committed per batch', async () => {
    const h = harness();
    await connector.sync(context(h, config(baseUrl)));

    for (const r of h.records()) expect(validateRecord(r)).toMatchObject({ ok: true });
    // every request went under the GHES prefix, authenticated with the token
    expect(fake.requests.every((r) => r.authorization === 'token ghp_SECRETTOKEN')).toBe(true);
    expect(fake.hits(/^\/api\/v3\//)).toHaveLength(0); // logged paths are prefix-stripped…
    expect(fake.requests.filter((r) => r.status === 404)).toEqual([]); // …and none missed the prefix
    // pagination: 3 PRs at 2 per page → pages 1 and 2
    expect(fake.hits(/^\/repos\/acme\/api\/pulls$/).map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2']);

    const recs = byKey(h.records());
    const pr1 = [...recs.values()].find((r) => r.type === 'pull_request' && r.number === 1);
    expect(pr1).toEqual({
      type: 'pull_request',
      repo: REPO,
      number: 1,
      title: 'Change 1',
      body: 'Implements PAT-012',
      author: 'alice',
      createdAt: t(0),
      mergedAt: t(60),
      closedAt: t(60),
      baseBranch: 'main',
      headBranch: 'feature-1',
      mergeSha: sha('f').slice(0, 39) + '1',
      commits: [sha('1'), sha('2')],
      labels: [],
    });
    expect([...recs.values()].find((r) => r.type === 'commit' && r.sha === sha('2'))).toEqual({
      type: 'commit',
      repo: REPO,
      sha: sha('2'),
      parents: [sha('1')],
      author: 'alice',
      authoredAt: t(-20),
      committedAt: t(-20),
      message: `work ${sha('2').slice(0, 7)}`,
    });
    const reviews = h.records().filter((r) => r.type === 'review');
    expect(reviews).toEqual([
      { type: 'review', repo: REPO, number: 1, id: '101', reviewer: 'bob', state: 'approved', submittedAt: t(40) },
      { type: 'review', repo: REPO, number: 2, id: '103', reviewer: 'bob', state: 'changes_requested', submittedAt: t(50) },
    ]); // the PENDING review is not a review yet
    expect(h.records().filter((r) => r.type === 'pr_event')).toEqual([
      { type: 'pr_event', repo: REPO, number: 2, id: `labeled:drift@${t(30)}`, kind: 'labeled', label: 'drift', at: t(30), actor: 'carol' },
      { type: 'pr_event', repo: REPO, number: 2, id: `ready_for_review@${t(31)}`, kind: 'ready_for_review', label: null, at: t(31), actor: 'carol' },
    ]);
    expect(h.records().filter((r) => r.type === 'ci_run')).toEqual([
      { type: 'ci_run', repo: REPO, id: '601', workflow: 'CI', job: 'test', branch: 'main', sha: sha('a'), pr: 1, status: 'failure', startedAt: t(101), finishedAt: t(109) },
      { type: 'ci_run', repo: REPO, id: '602', workflow: 'CI', job: 'lint', branch: 'main', sha: sha('a'), pr: 1, status: 'success', startedAt: t(101), finishedAt: t(103) },
      { type: 'ci_run', repo: REPO, id: '603', workflow: 'Deploy', job: 'ship', branch: 'main', sha: sha('a'), pr: null, status: 'success', startedAt: t(121), finishedAt: t(129) },
    ]);
    expect(h.records().filter((r) => r.type === 'deployment')).toEqual([
      // the "Deploy" workflow run (workflowPattern ^deploy$)
      { type: 'deployment', id: 'github:acme/api:run:502', service: 'api', repo: REPO, environment: 'production', sha: sha('a'), status: 'success', startedAt: t(120), finishedAt: t(130) },
      // deployment 701 succeeded at its status 802; 702 is still in progress → not yet a record
      { type: 'deployment', id: 'github:acme/api:deployment:701', service: 'api', repo: REPO, environment: 'production', sha: sha('b'), status: 'success', startedAt: t(140), finishedAt: t(145) },
      // release v1.0.0; the prerelease is skipped
      { type: 'deployment', id: 'github:acme/api:release:901', service: 'api', repo: REPO, environment: 'production', sha: sha('c'), status: 'success', startedAt: t(160), finishedAt: t(160) },
    ]);
    expect(h.records().filter((r) => r.type === 'incident')).toEqual([
      {
        type: 'incident',
        id: 'github:acme/api#11',
        service: 'api',
        title: 'Outage 11',
        severity: 'sev2',
        openedAt: t(200),
        resolvedAt: t(260),
        causedBy: { pr: { repo: REPO, number: 1 } },
      },
    ]);

    // one commit per PR (batch size 1), raw payloads kept with versioned external ids
    const prCommits = h.commits.filter((c) => c.records.some((r) => r.type === 'pull_request'));
    expect(prCommits.map((c) => c.raw!.map((x) => x.externalId))).toEqual([
      [`pull_request:acme/api#1@${t(60)}`],
      [`pull_request:acme/api#2@${t(70)}`],
      [`pull_request:acme/api#3@${t(80)}`],
    ]);
    expect(prCommits[0]!.raw![0]!.source).toBe('github:src-1');
    expect(prCommits.map((c) => c.cursor.repos[REPO]!.pulls)).toEqual([
      { since: t(60), done: [1] },
      { since: t(70), done: [2] },
      { since: t(80), done: [3], etag: expect.stringMatching(/^W\//) }, // the ETag only with the last batch
    ]);
    expect(h.cursor!.repos[REPO]).toEqual({
      pulls: { since: t(80), done: [3], etag: expect.any(String) },
      runs: { since: t(120), doneUntil: t(130) },
      deployments: { lastId: 702, pending: [702], etag: expect.any(String) },
      releases: { lastId: 902, etag: expect.any(String) },
      issues: { incident: t(260) },
    });
    // the token is never logged
    expect([...h.logs, ...h.warnings].join('\n')).not.toContain('SECRETTOKEN');
  });

  it('second sync is incremental: 304s for unchanged lists, only new or updated items fetched and stored', async () => {
    const h = harness();
    await connector.sync(context(h, config(baseUrl)));
    const firstCount = fake.requests.length;

    // nothing changed → conditional requests answer 304, no PR detail fetched, nothing stored but the re-read boundary issue
    const h2 = harness(h.cursor);
    await connector.sync(context(h2, config(baseUrl)));
    const second = fake.requests.slice(firstCount);
    const pullsList = second.filter((r) => r.path === '/repos/acme/api/pulls');
    expect(pullsList).toHaveLength(1);
    expect(pullsList[0]).toMatchObject({ status: 304, ifNoneMatch: h.cursor!.repos[REPO]!.pulls!.etag });
    expect(second.filter((r) => /\/pulls\/\d+\//.test(r.path))).toEqual([]);
    expect(second.filter((r) => /\/actions\/runs\/\d+\/jobs/.test(r.path))).toEqual([]);
    expect(second.find((r) => r.path === '/repos/acme/api/releases')!.status).toBe(304);
    expect(h2.records().filter((r) => r.type !== 'incident')).toEqual([]);

    // changes: PR 2 relabelled, PR 4 opened, a new CI run, deployment 702 finished, a new incident
    const r = fake.repo(REPO);
    r.pulls[1] = { ...r.pulls[1], updated_at: t(300), labels: [] };
    r.events[2]!.push(labelEvent(204, 'unlabeled', 'drift', t(300)));
    r.pulls.push(pull(4, { created: t(310), updated: t(310) }));
    r.commits[4] = [commit(sha('5'), sha('0'), t(305))];
    r.runs.push(run(503, { name: 'CI', created: t(320), updated: t(330) }));
    r.jobs[503] = [job(604, 503, 'test', 'CI', 'success', t(321), t(329))];
    r.statuses[702]!.push(status(804, 'failure', t(340)));
    r.issues.push(issue(12, { created: t(350), updated: t(350), labels: ['incident'] }));

    const h3 = harness(h2.cursor);
    const mark = fake.requests.length;
    await connector.sync(context(h3, config(baseUrl)));
    const third = fake.requests.slice(mark);
    const prs = h3.records().filter((x) => x.type === 'pull_request').map((x) => (x as { number: number }).number);
    expect(prs).toEqual([2, 4]); // PR 1 and 3 untouched → not fetched again
    expect(third.filter((x) => /\/pulls\/(1|3)\//.test(x.path))).toEqual([]);
    expect(h3.records().filter((x) => x.type === 'pr_event')).toEqual([
      { type: 'pr_event', repo: REPO, number: 2, id: `labeled:drift@${t(30)}`, kind: 'labeled', label: 'drift', at: t(30), actor: 'carol' },
      { type: 'pr_event', repo: REPO, number: 2, id: `ready_for_review@${t(31)}`, kind: 'ready_for_review', label: null, at: t(31), actor: 'carol' },
      { type: 'pr_event', repo: REPO, number: 2, id: `unlabeled:drift@${t(300)}`, kind: 'unlabeled', label: 'drift', at: t(300), actor: 'carol' },
    ]);
    expect(h3.records().filter((x) => x.type === 'ci_run').map((x) => (x as { id: string }).id)).toEqual(['604']); // runs 501/502 not re-fetched
    expect(third.filter((x) => /\/actions\/runs\/50[12]\/jobs/.test(x.path))).toEqual([]);
    expect(h3.records().filter((x) => x.type === 'deployment')).toEqual([
      { type: 'deployment', id: 'github:acme/api:deployment:702', service: 'api', repo: REPO, environment: 'production', sha: sha('b'), status: 'failure', startedAt: t(150), finishedAt: t(340) },
    ]);
    expect(h3.cursor!.repos[REPO]!.deployments!.pending).toEqual([]);
    expect(h3.records().filter((x) => x.type === 'incident').map((x) => (x as { id: string }).id)).toEqual([
      'github:acme/api#11', // the boundary issue (updated exactly at the cursor) is read again: idempotent
      'github:acme/api#12',
    ]);
  });

  it('a run that dies mid-way resumes from its last committed cursor: no gap, no repeated work', async () => {
    // the uninterrupted reference run, on its own fake
    const ref = new FakeGithub('/api/v3');
    const refUrl = await ref.start();
    seed(ref);
    const full = harness();
    await connector.sync(context(full, config(refUrl)));
    await ref.stop();

    // requests: pulls pages 1 and 2, PR 1's commits/reviews/events, PR 2's (its 3 events take 2 pages) — fail from PR 3's details on
    fake.failAfter = 2 + 3 + 4;
    const h = harness();
    await expect(connector.sync(context(h, config(baseUrl)))).rejects.toThrow();
    expect(h.commits.map((c) => c.cursor.repos[REPO]!.pulls!.since)).toEqual([t(60), t(70)]);

    fake.failAfter = null;
    const mark = fake.requests.length;
    const resumed = harness(h.cursor);
    await connector.sync(context(resumed, config(baseUrl)));
    const after = fake.requests.slice(mark);
    expect(after.filter((r) => /\/(pulls|issues)\/(1|2)\//.test(r.path))).toEqual([]); // not fetched again
    expect(after.filter((r) => /\/(pulls|issues)\/3\//.test(r.path)).map((r) => r.path).sort()).toEqual([
      '/repos/acme/api/issues/3/events',
      '/repos/acme/api/pulls/3/commits',
      '/repos/acme/api/pulls/3/reviews',
    ]);

    // together the two runs stored exactly what the uninterrupted run stored
    const union = byKey([...h.records(), ...resumed.records()]);
    expect(union).toEqual(byKey(full.records()));
    expect(resumed.cursor).toEqual(full.cursor);
  });

  it('a commit that fails stops the run; the next run redoes only that batch', async () => {
    const h = harness();
    let n = 0;
    await expect(connector.sync(context(h, config(baseUrl), () => ++n === 2))).rejects.toThrow('database went away');
    expect(h.commits).toHaveLength(1);
    const again = harness(h.cursor);
    await connector.sync(context(again, config(baseUrl)));
    expect(again.records().filter((r) => r.type === 'pull_request').map((r) => (r as { number: number }).number)).toEqual([2, 3]);
  });

  it('honours rate limits and retries: 429 Retry-After, 403 secondary limit, 403 primary limit (x-ratelimit-reset), 502', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 1);
    fake.faults.push(
      { path: /^\/repos\/acme\/api\/pulls$/, status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too Many Requests' } },
      {
        path: /^\/repos\/acme\/api\/actions\/runs$/,
        status: 403,
        headers: { 'retry-after': '2' },
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' },
      },
      {
        path: /^\/repos\/acme\/api\/deployments$/,
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
        body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits' },
      },
      { path: /^\/repos\/acme\/api\/releases$/, status: 502, body: { message: 'Server Error' } },
    );
    const h = harness();
    await connector.sync(context(h, config(baseUrl)));
    expect(fake.hits(/^\/repos\/acme\/api\/pulls$/).map((r) => r.status)).toEqual([429, 200, 200]);
    expect(fake.hits(/^\/repos\/acme\/api\/actions\/runs$/).map((r) => r.status)).toEqual([403, 200]);
    expect(fake.hits(/^\/repos\/acme\/api\/deployments$/).map((r) => r.status)).toEqual([403, 200]);
    expect(fake.hits(/^\/repos\/acme\/api\/releases$/).map((r) => r.status)).toEqual([502, 200]);
    expect(h.warnings.filter((w) => w.startsWith('GitHub rate limit hit'))).toHaveLength(2); // secondary + primary
    expect(h.records().filter((r) => r.type === 'pull_request')).toHaveLength(3);
  });

  it('gives up after a bounded number of retries and commits nothing for the failing listing', async () => {
    fake.faults.push({ path: /^\/repos\/acme\/api\/pulls$/, status: 429, headers: { 'retry-after': '1' }, times: Infinity });
    const h = harness();
    await expect(connector.sync(context(h, config(baseUrl)))).rejects.toMatchObject({ status: 429 });
    expect(fake.hits(/^\/repos\/acme\/api\/pulls$/)).toHaveLength(4); // 1 + 3 retries
    expect(h.commits).toEqual([]);
  });
});

describe('GitHub connector on a github.com-style base URL, with an org', () => {
  it('lists the org repositories (paginated, archived skipped) and syncs them at the root path', async () => {
    const fake = new FakeGithub('');
    const baseUrl = await fake.start();
    try {
      fake.orgs.set('acme', [
        { full_name: 'acme/api', archived: false },
        { full_name: 'acme/old', archived: true },
        { full_name: 'acme/web', archived: false },
      ]);
      seed(fake);
      fake.repo('acme/web').pulls = [pull(7, { created: t(0), updated: t(5) })];
      const h = harness();
      await connector.sync(context(h, githubConfigSchema.parse({ baseUrl, org: 'acme', actions: false, deployments: { api: false } })));
      expect(fake.hits(/^\/orgs\/acme\/repos$/).map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2']);
      expect(Object.keys(h.cursor!.repos).sort()).toEqual(['acme/api', 'acme/web']);
      expect(fake.hits(/^\/repos\/acme\/old\//)).toEqual([]);
      expect(fake.hits(/actions|deployments/)).toEqual([]);
      expect(h.records().filter((r) => r.type === 'pull_request').map((r) => `${(r as any).repo}#${(r as any).number}`)).toEqual([
        'acme/api#1',
        'acme/api#2',
        'acme/api#3',
        'acme/web#7',
      ]);
    } finally {
      await fake.stop();
    }
  });

  it('rejects a config naming neither repositories nor an org, and a bad repository name', () => {
    const a = githubConfigSchema.safeParse({});
    expect(a.success).toBe(false);
    expect(a.error!.issues[0]!.path).toEqual(['repositories']);
    const b = githubConfigSchema.safeParse({ repositories: ['not-a-repo'] });
    expect(b.error!.issues[0]!.path).toEqual(['repositories', 0]);
    const c = githubConfigSchema.safeParse({ repositories: ['a/b'], deployments: { workflowPattern: '(' } });
    expect(c.error!.issues[0]!.path).toEqual(['deployments', 'workflowPattern']);
  });
});
