import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CanonicalRecord } from '@bearing/shared';
import { validateRecord } from '../../ingest/records.schema.js';
import { WebhookPayloadError, type WebhookRequest } from '../connector.js';
import { githubConfigSchema } from './config.js';
import { githubWebhookHandler } from './webhook.js';

/**
 * Every example payload of `@octokit/webhooks-examples` (real GitHub deliveries) for the
 * events the handler maps goes through verify + map; every record must pass the canonical
 * validation, and chosen examples are checked field by field.
 */

interface Definition {
  name: string;
  examples: Record<string, unknown>[];
}
const require = createRequire(import.meta.url);
const DEFINITIONS = JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples'), 'utf8')) as Definition[];
const examples = (name: string): Record<string, any>[] => {
  const d = DEFINITIONS.find((x) => x.name === name);
  if (!d) throw new Error(`no examples for ${name}`);
  return d.examples as Record<string, any>[];
};

const SECRET = 'It’s a Secret to Everybody';
const config = githubConfigSchema.parse({
  repositories: ['Codertocat/Hello-World'],
  incidentLabels: ['bug'],
  deployments: { releases: true, workflowPattern: '^deploy' },
  services: { 'Codertocat/Hello-World': 'hello-web' },
});

function sign(body: Buffer, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function request(event: string, payload: unknown, opts: { secret?: string; delivery?: string } = {}): WebhookRequest {
  const rawBody = Buffer.from(JSON.stringify(payload));
  return {
    rawBody,
    headers: {
      'x-github-event': event,
      'x-github-delivery': opts.delivery ?? '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      'x-hub-signature-256': sign(rawBody, opts.secret ?? SECRET),
      'content-type': 'application/json',
    },
  };
}

function deliver(event: string, payload: unknown): CanonicalRecord[] {
  const req = request(event, payload);
  expect(githubWebhookHandler.verify!(req, { webhookSecret: SECRET })).toBe(true);
  const delivery = githubWebhookHandler.map(req, config);
  for (const r of delivery.records) {
    const v = validateRecord(r);
    if (!v.ok) throw new Error(`${event}: invalid ${r.type} record, ${v.field} ${v.message}`);
  }
  return delivery.records;
}

describe('GitHub webhook signature (X-Hub-Signature-256)', () => {
  // GitHub's documented test vector: secret "It's a Secret to Everybody", body "Hello, World!"
  it('accepts the documented test vector', () => {
    const body = Buffer.from('Hello, World!');
    const req = { rawBody: body, headers: { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' } };
    expect(githubWebhookHandler.verify!(req, { webhookSecret: "It's a Secret to Everybody" })).toBe(true);
  });

  it('rejects a wrong secret, a modified body, a missing, truncated or non-hex header, and a source without a secret', () => {
    const req = request('ping', { zen: 'Design for failure.' });
    expect(githubWebhookHandler.verify!(req, { webhookSecret: 'another secret' })).toBe(false);
    expect(githubWebhookHandler.verify!({ ...req, rawBody: Buffer.from(req.rawBody.toString() + ' ') }, { webhookSecret: SECRET })).toBe(false);
    const sig = req.headers['x-hub-signature-256']!;
    for (const header of [undefined, '', sig.slice(0, -2), `sha1=${sig.slice(7)}`, `sha256=${'z'.repeat(64)}`, `${sig}00`]) {
      expect(githubWebhookHandler.verify!({ ...req, headers: { ...req.headers, 'x-hub-signature-256': header } }, { webhookSecret: SECRET })).toBe(false);
    }
    expect(githubWebhookHandler.verify!(req, {})).toBe(false);
    expect(githubWebhookHandler.verify!(req, { webhookSecret: SECRET })).toBe(true);
  });
});

describe('GitHub webhook deliveries (real example payloads)', () => {
  it('ping and repository label definitions are acknowledged with no records', () => {
    for (const ex of examples('ping')) expect(deliver('ping', ex)).toEqual([]);
    for (const ex of examples('label')) expect(deliver('label', ex)).toEqual([]);
    const d = githubWebhookHandler.map(request('ping', examples('ping')[0]), config);
    expect(d).toEqual({ deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958', event: 'ping', records: [] });
  });

  it('pull_request: every example maps to its PR; closed, labeled and ready_for_review field by field', () => {
    for (const ex of examples('pull_request')) {
      const recs = deliver('pull_request', ex);
      expect(recs[0]).toMatchObject({ type: 'pull_request', repo: ex.repository.full_name, number: ex.pull_request.number });
    }
    const closed = examples('pull_request').find((e) => e.action === 'closed')!;
    expect(githubWebhookHandler.map(request('pull_request', closed), config).event).toBe('pull_request.closed');
    expect(deliver('pull_request', closed)).toEqual([
      {
        type: 'pull_request',
        repo: 'Codertocat/Hello-World',
        number: 2,
        title: 'Update the README with new information.',
        body: 'This is a pretty simple change that we need to pull into master.',
        author: 'Codertocat',
        createdAt: '2019-05-15T15:20:33Z',
        mergedAt: null, // closed without merging
        closedAt: '2019-05-15T15:21:18Z',
        baseBranch: 'master',
        headBranch: 'changes',
        mergeSha: null, // merge_commit_sha of an unmerged PR is GitHub's test merge, not shipped
        labels: ['bug'],
      },
    ]);
    const labeled = examples('pull_request').find((e) => e.action === 'labeled')!;
    expect(deliver('pull_request', labeled)[1]).toEqual({
      type: 'pr_event',
      repo: 'Codertocat/Hello-World',
      number: 2,
      id: 'labeled:bug@2019-05-15T15:20:35Z',
      kind: 'labeled',
      label: 'bug',
      at: '2019-05-15T15:20:35Z',
      actor: 'Codertocat',
    });
    const ready = examples('pull_request').find((e) => e.action === 'ready_for_review')!;
    expect(deliver('pull_request', ready)[1]).toMatchObject({ kind: 'ready_for_review', id: 'ready_for_review@2019-05-15T15:21:18Z', label: null });
    const opened = examples('pull_request').find((e) => e.action === 'opened')!;
    expect(deliver('pull_request', opened)).toHaveLength(1);
  });

  it('pull_request_review: submitted → review with its state; dismissed → dismissed', () => {
    const all = examples('pull_request_review').map((ex) => deliver('pull_request_review', ex));
    expect(all[0]).toEqual([
      { type: 'review', repo: 'Codertocat/Hello-World', number: 2, id: '237895671', reviewer: 'Codertocat', state: 'commented', submittedAt: '2019-05-15T15:20:38Z' },
    ]);
    expect(all[1]![0]).toMatchObject({ state: 'dismissed', id: '237895671' });
  });

  it('push: commits with the first parent inferred; branch/tag deletions give nothing', () => {
    const pushes = examples('push');
    const withCommit = pushes.find((e) => e.commits.length > 0)!;
    expect(deliver('push', withCommit)).toEqual([
      {
        type: 'commit',
        repo: 'Codertocat/Hello-World',
        sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        parents: [], // `before` is 000…0: a new ref, no known parent
        author: 'Codertocat',
        authoredAt: '2019-05-15T15:19:25Z',
        committedAt: '2019-05-15T15:19:25Z',
        message: withCommit.commits[0].message,
      },
    ]);
    for (const ex of pushes.filter((e) => e.deleted)) expect(deliver('push', ex)).toEqual([]);
    // two commits pushed on top of an existing branch: parent chain before → c1 → c2
    const two = {
      ...withCommit,
      before: 'a'.repeat(40),
      commits: [
        { ...withCommit.commits[0], id: 'b'.repeat(40) },
        { ...withCommit.commits[0], id: 'c'.repeat(40) },
      ],
    };
    expect(deliver('push', two).map((c) => (c as { parents: string[] }).parents)).toEqual([['a'.repeat(40)], ['b'.repeat(40)]]);
  });

  it('workflow_job: completed jobs → ci_run (workflow + job, conclusion, times); queued/in progress → nothing', () => {
    const jobs = examples('workflow_job');
    const out = jobs.map((ex) => deliver('workflow_job', ex));
    jobs.forEach((ex, i) => expect(out[i]).toHaveLength(ex.action === 'completed' ? 1 : 0));
    const failed = jobs.findIndex((e) => e.action === 'completed' && e.workflow_job.conclusion === 'failure');
    expect(out[failed]).toEqual([
      {
        type: 'ci_run',
        repo: 'Codertocat/Hello-World',
        id: '289782451',
        workflow: 'CodeQL',
        job: 'linters',
        branch: 'main',
        sha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
        pr: null,
        status: 'failure',
        startedAt: '2021-08-05T10:34:58Z',
        finishedAt: '2021-08-05T10:38:16Z',
      },
    ]);
    const ok = jobs.findIndex((e) => e.action === 'completed' && e.workflow_job.conclusion === 'success');
    expect(out[ok]![0]).toMatchObject({ status: 'success', workflow: 'CodeQL', job: 'linters' });
  });

  it('workflow_run: completed runs of a deploy workflow → deployment; other workflows → nothing', () => {
    for (const ex of examples('workflow_run')) expect(deliver('workflow_run', ex)).toEqual([]); // names do not match ^deploy
    const base = examples('workflow_run').find((e) => e.workflow_run.conclusion === 'success')!;
    // the same real payload, as a run of a workflow named "Deploy production"
    const deploy = { ...base, workflow_run: { ...base.workflow_run, name: 'Deploy production' } };
    expect(deliver('workflow_run', deploy)).toEqual([
      {
        type: 'deployment',
        id: `github:octo-org/octo-repo:run:${base.workflow_run.id}`,
        service: 'octo-org/octo-repo', // no mapping configured for this repository
        repo: 'octo-org/octo-repo',
        environment: 'production',
        sha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
        status: 'success',
        startedAt: '2020-10-05T16:33:49Z',
        finishedAt: '2020-10-05T16:33:49Z',
      },
    ]);
  });

  it('check_run: completed checks of other CI apps → ci_run; Actions check runs are left to workflow_job', () => {
    const checks = examples('check_run');
    const out = checks.map((ex) => deliver('check_run', ex));
    checks.forEach((ex, i) => {
      const expected = (ex.action === 'completed' || ex.action === 'rerequested') && ex.check_run.app?.slug !== 'github-actions' && ex.check_run.conclusion ? 1 : 0;
      expect(out[i]).toHaveLength(expected);
    });
    const i = checks.findIndex((e) => e.action === 'completed' && e.check_run.app?.slug !== 'github-actions' && e.check_run.conclusion === 'success');
    expect(out[i]![0]).toMatchObject({
      type: 'ci_run',
      repo: 'Codertocat/Hello-World',
      id: '128620228',
      job: 'Octocoders-linter',
      branch: 'changes',
      sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      pr: 2,
      status: 'success',
      finishedAt: '2019-05-15T15:21:12Z',
    });
  });

  it('deployment_status: a final status → deployment (environment, status, sha, finished time); in_progress → nothing', () => {
    const out = examples('deployment_status').map((ex) => deliver('deployment_status', ex));
    expect(out[0]).toEqual([
      {
        type: 'deployment',
        id: 'github:Codertocat/Hello-World:deployment:145988746',
        service: 'hello-web',
        repo: 'Codertocat/Hello-World',
        environment: 'production',
        sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        status: 'success',
        startedAt: '2019-05-15T15:20:53Z',
        finishedAt: '2019-05-15T15:20:55Z',
      },
    ]);
    expect(out[1]).toEqual([]); // in_progress to github-pages
    for (const ex of examples('deployment')) expect(deliver('deployment', ex)).toEqual([]);
    // environment filter: only "staging" wanted → the production status is ignored
    const staging = githubConfigSchema.parse({ repositories: ['a/b'], deployments: { environments: ['staging'] } });
    expect(githubWebhookHandler.map(request('deployment_status', examples('deployment_status')[0]), staging).records).toEqual([]);
  });

  it('release: published/released → deployment when releases deploy; prereleases only when configured', () => {
    const rel = examples('release');
    const out = rel.map((ex) => deliver('release', ex));
    rel.forEach((ex, i) => expect(out[i]).toHaveLength(['published', 'released'].includes(ex.action) ? 1 : 0));
    expect(out[0]).toEqual([
      {
        type: 'deployment',
        id: 'github:Codertocat/Hello-World:release:17372790',
        service: 'hello-web',
        repo: 'Codertocat/Hello-World',
        environment: 'production',
        sha: null, // target_commitish "master" is a branch
        status: 'success',
        startedAt: '2019-05-15T15:19:25Z',
        finishedAt: '2019-05-15T15:20:53Z',
      },
    ]);
    const noReleases = githubConfigSchema.parse({ repositories: ['a/b'] });
    expect(githubWebhookHandler.map(request('release', rel[0]), noReleases).records).toEqual([]);
  });

  it('issues: incident-labelled issues → incident with root cause; closed → resolved', () => {
    const issues = examples('issues');
    for (const ex of issues) {
      const recs = deliver('issues', ex);
      const labelled = (ex.issue.labels ?? []).some((l: { name: string }) => l.name === 'bug') && !ex.issue.pull_request;
      expect(recs).toHaveLength(labelled ? 1 : 0);
    }
    expect(deliver('issues', issues[0])).toEqual([
      {
        type: 'incident',
        id: 'github:Codertocat/Hello-World#1',
        service: 'hello-web',
        title: 'Spelling error in the README file',
        severity: null,
        openedAt: '2019-05-15T15:20:18Z',
        resolvedAt: null,
        causedBy: null,
      },
    ]);
    const deleted = issues.find((e) => e.action === 'deleted')!;
    expect(deliver('issues', deleted)[0]).toMatchObject({ resolvedAt: '2021-07-05T18:07:10Z', openedAt: '2021-07-05T18:05:24Z' });
    // the same issue with a root cause line and a severity label
    const withCause = {
      ...issues[0],
      issue: {
        ...issues[0]!.issue,
        body: 'Checkout down.\n\nRoot cause: #2\n',
        labels: [...issues[0]!.issue.labels, { name: 'severity:SEV1' }],
      },
    };
    expect(deliver('issues', withCause)[0]).toMatchObject({
      severity: 'SEV1',
      causedBy: { pr: { repo: 'Codertocat/Hello-World', number: 2 } },
    });
    // not labelled as an incident → nothing
    const unlabelled = { ...issues[0], issue: { ...issues[0]!.issue, labels: [] } };
    expect(deliver('issues', unlabelled)).toEqual([]);
  });

  it('names the field of a malformed delivery', () => {
    const bad = (req: WebhookRequest): string => {
      try {
        githubWebhookHandler.map(req, config);
      } catch (e) {
        expect(e).toBeInstanceOf(WebhookPayloadError);
        return (e as WebhookPayloadError).field;
      }
      throw new Error('expected a WebhookPayloadError');
    };
    const ok = request('pull_request', examples('pull_request')[0]);
    expect(bad({ ...ok, rawBody: Buffer.from('payload=%7B%7D') })).toBe('body');
    expect(bad({ ...ok, rawBody: Buffer.from('[1]') })).toBe('body');
    expect(bad({ ...ok, headers: { ...ok.headers, 'x-github-delivery': undefined } })).toBe('x-github-delivery');
    expect(bad({ ...ok, headers: { ...ok.headers, 'x-github-event': undefined } })).toBe('x-github-event');
    expect(bad(request('pull_request', { action: 'opened', repository: { full_name: 'a/b' } }))).toBe('pull_request');
    expect(bad(request('pull_request', { action: 'opened', pull_request: {} }))).toBe('repository.full_name');
  });
});
