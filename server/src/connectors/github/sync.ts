import type { CanonicalRecord } from '@bearing/shared';
import type { Connector, RawPayload, SyncContext } from '../connector.js';
import { GithubClient, type GithubClientOptions } from './client.js';
import { githubConfigSchema, type GithubConfig, type GithubCursor, type GithubRepoCursor } from './config.js';
import {
  mapDeployment,
  mapIncidentIssue,
  mapJob,
  mapPullBundle,
  mapRelease,
  mapRunDeployment,
  environmentWanted,
  type GhDeployment,
  type PullBundle,
} from './mapper.js';

/**
 * The GitHub sync: per repository, in order — pull requests (with commits, reviews, label
 * events), Actions runs and jobs, deployments and their statuses, releases, incident issues.
 * Every batch is committed with the cursor reached, so a run that dies resumes from there;
 * an ETag is stored only once its listing has been fully processed.
 */

type Ctx = SyncContext<GithubConfig, GithubCursor>;

export interface GithubBatchSizes {
  /** PRs per committed batch (each costs 3 requests) */
  pulls: number;
  runs: number;
  deployments: number;
}
const DEFAULT_BATCH: GithubBatchSizes = { pulls: 10, runs: 20, deployments: 20 };
/** runs still unfinished after this long no longer hold the cursor back */
const RUN_PENDING_MAX_MS = 3 * 24 * 3600_000;
/** deployments without a final status after this long are no longer re-checked */
const DEPLOY_PENDING_MAX_MS = 7 * 24 * 3600_000;

export type GithubClientFactory = (ctx: Ctx) => GithubClient;

class RepoSync {
  private state: GithubRepoCursor;

  constructor(
    private readonly ctx: Ctx,
    private readonly client: GithubClient,
    private readonly repo: string,
    private readonly cursor: GithubCursor,
    private readonly batch: GithubBatchSizes,
  ) {
    this.state = { ...(cursor.repos[repo] ?? {}) };
  }

  private get config(): GithubConfig {
    return this.ctx.config;
  }

  private raw(externalId: string, payload: unknown): RawPayload {
    return { source: `github:${this.ctx.sourceId}`, externalId, payload };
  }

  private async commit(records: CanonicalRecord[], raw: RawPayload[], patch: Partial<GithubRepoCursor>): Promise<void> {
    this.ctx.signal.throwIfAborted();
    this.state = { ...this.state, ...patch };
    this.cursor.repos = { ...this.cursor.repos, [this.repo]: this.state };
    await this.ctx.commit({ records, raw, cursor: { v: 1, repos: { ...this.cursor.repos } } });
  }

  private backfillStart(): string {
    return new Date(this.ctx.now().getTime() - this.config.backfillDays * 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  async run(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const add = (records: CanonicalRecord[]): void => {
      for (const r of records) counts[r.type] = (counts[r.type] ?? 0) + 1;
    };
    await this.pulls(add);
    if (this.config.actions || this.config.deployments.workflowPattern) await this.runs(add);
    if (this.config.deployments.api) await this.deployments(add);
    if (this.config.deployments.releases) await this.releases(add);
    await this.issues(add);
    return counts;
  }

  private async pulls(add: (r: CanonicalRecord[]) => void): Promise<void> {
    const prev = this.state.pulls;
    const since = prev?.since ?? this.backfillStart();
    const list = await this.client.pullsUpdatedSince(this.repo, since, prev?.etag);
    if (list.notModified) return;
    const done = new Set(prev?.done ?? []);
    const pulls = list.items.filter((p) => !(p.updated_at === since && done.has(p.number))).sort((a, b) => (a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.number - b.number));
    if (pulls.length === 0) {
      await this.commit([], [], { pulls: { since, done: [...done], etag: list.etag } });
      return;
    }
    let at = since;
    for (let i = 0; i < pulls.length; i += this.batch.pulls) {
      const chunk = pulls.slice(i, i + this.batch.pulls);
      const records: CanonicalRecord[] = [];
      const raw: RawPayload[] = [];
      for (const pull of chunk) {
        // allSettled: when one request fails, the others have finished before the run stops
        // (no request outlives the run)
        const settled = await Promise.allSettled([
          this.client.pullCommits(this.repo, pull.number),
          this.client.pullReviews(this.repo, pull.number),
          this.client.issueEvents(this.repo, pull.number),
        ]);
        const failed = settled.find((x) => x.status === 'rejected');
        if (failed) throw failed.reason;
        const [commits, reviews, events] = settled.map((x) => (x as PromiseFulfilledResult<unknown>).value) as [
          PullBundle['commits'],
          PullBundle['reviews'],
          PullBundle['events'],
        ];
        const bundle: PullBundle = { pull, commits, reviews, events };
        records.push(...mapPullBundle(this.repo, bundle));
        raw.push(this.raw(`pull_request:${this.repo}#${pull.number}@${pull.updated_at}`, bundle));
      }
      const last = i + this.batch.pulls >= pulls.length;
      const reached = chunk[chunk.length - 1]!.updated_at;
      if (reached !== at) done.clear();
      at = reached;
      for (const p of chunk) if (p.updated_at === at) done.add(p.number);
      add(records);
      // the ETag only once the whole listing is stored: a 304 must never skip unprocessed PRs
      await this.commit(records, raw, { pulls: { since: at, done: [...done], ...(last ? { etag: list.etag } : {}) } });
    }
  }

  private async runs(add: (r: CanonicalRecord[]) => void): Promise<void> {
    const prev = this.state.runs;
    const since = prev?.since ?? this.backfillStart();
    const doneUntil = prev?.doneUntil;
    const now = this.ctx.now().getTime();
    const runs = (await this.client.runsCreatedSince(this.repo, since)).sort((a, b) =>
      a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id,
    );
    const maxUpdated = runs.reduce((m, r) => (r.updated_at > m ? r.updated_at : m), doneUntil ?? '');
    let oldestPending: string | null = null;
    let records: CanonicalRecord[] = [];
    let raw: RawPayload[] = [];
    let inBatch = 0;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]!;
      if (run.status !== 'completed') {
        if (now - Date.parse(run.created_at) < RUN_PENDING_MAX_MS) oldestPending ??= run.created_at;
      } else if (!doneUntil || run.updated_at > doneUntil) {
        // completed since the previous full listing (or never listed): store it. (A run still
        // unfinished at that listing gets a later updated_at when it completes.)
        const jobs = this.config.actions ? await this.client.runJobs(this.repo, run.id) : [];
        for (const job of jobs) {
          const rec = mapJob(this.repo, job, run);
          if (rec) records.push(rec);
        }
        const dep = mapRunDeployment(this.repo, run, this.config);
        if (dep) records.push(dep);
        raw.push(this.raw(`workflow_run:${this.repo}/${run.id}@${run.updated_at}`, { run, jobs }));
        inBatch++;
      }
      const last = i === runs.length - 1;
      if (inBatch >= this.batch.runs || last) {
        const reached = oldestPending ?? run.created_at;
        add(records);
        await this.commit(records, raw, {
          runs: { since: reached, ...(last && maxUpdated ? { doneUntil: maxUpdated } : doneUntil ? { doneUntil } : {}) },
        });
        records = [];
        raw = [];
        inBatch = 0;
      }
    }
  }

  private async deployments(add: (r: CanonicalRecord[]) => void): Promise<void> {
    const prev = this.state.deployments;
    const lastId = prev?.lastId ?? 0;
    const now = this.ctx.now().getTime();
    const backfill = this.backfillStart();
    const list = await this.client.deploymentsAfter(this.repo, lastId, prev?.etag, backfill);
    // new deployments (ascending) then the ones still waiting for a final status
    const fresh = list.items.filter((d) => d.created_at >= backfill && environmentWanted(this.config, d.environment)).sort((a, b) => a.id - b.id);
    const newLastId = list.items.reduce((m, d) => Math.max(m, d.id), lastId);
    const work: { id: number; deployment: GhDeployment | null }[] = [
      ...(prev?.pending ?? []).map((id) => ({ id, deployment: null })),
      ...fresh.map((d) => ({ id: d.id, deployment: d })),
    ];
    let pending = [...(prev?.pending ?? [])];
    if (work.length === 0) {
      if (!list.notModified) await this.commit([], [], { deployments: { lastId: newLastId, pending, etag: list.etag } });
      return;
    }
    for (let i = 0; i < work.length; i += this.batch.deployments) {
      const chunk = work.slice(i, i + this.batch.deployments);
      const records: CanonicalRecord[] = [];
      const raw: RawPayload[] = [];
      let reachedId = prev?.lastId ?? 0;
      for (const w of chunk) {
        pending = pending.filter((p) => p !== w.id);
        const d = w.deployment ?? (await this.client.deployment(this.repo, w.id));
        if (!d) continue;
        const statuses = await this.client.deploymentStatuses(this.repo, d.id);
        const rec = mapDeployment(this.repo, d, statuses, this.config);
        if (rec) {
          records.push(rec);
          raw.push(this.raw(`deployment:${this.repo}/${d.id}@${statuses[0]?.id ?? 'none'}`, { deployment: d, statuses }));
        } else if (now - Date.parse(d.created_at) < DEPLOY_PENDING_MAX_MS && environmentWanted(this.config, d.environment)) {
          pending.push(d.id);
        }
        if (w.deployment) reachedId = Math.max(reachedId, d.id);
      }
      const last = i + this.batch.deployments >= work.length;
      const cursorLastId = last ? newLastId : Math.max(reachedId, this.state.deployments?.lastId ?? 0);
      add(records);
      await this.commit(records, raw, {
        deployments: { lastId: cursorLastId, pending: [...new Set(pending)], ...(last ? { etag: list.etag } : {}) },
      });
    }
  }

  private async releases(add: (r: CanonicalRecord[]) => void): Promise<void> {
    const prev = this.state.releases;
    const backfill = this.backfillStart();
    const list = await this.client.releasesAfter(this.repo, prev?.lastId ?? 0, prev?.etag, backfill);
    if (list.notModified) return;
    const releases = list.items.filter((r) => (r.published_at ?? r.created_at) >= backfill).sort((a, b) => a.id - b.id);
    const records: CanonicalRecord[] = [];
    const raw: RawPayload[] = [];
    for (const r of releases) {
      const rec = mapRelease(this.repo, r, this.config);
      if (rec) {
        records.push(rec);
        raw.push(this.raw(`release:${this.repo}/${r.id}@${r.published_at}`, r));
      }
    }
    add(records);
    const lastId = list.items.reduce((m, r) => Math.max(m, r.id), prev?.lastId ?? 0);
    await this.commit(records, raw, { releases: { lastId, etag: list.etag } });
  }

  private async issues(add: (r: CanonicalRecord[]) => void): Promise<void> {
    for (const label of this.config.incidentLabels) {
      const since = this.state.issues?.[label] ?? this.backfillStart();
      for await (const page of this.client.issuesSince(this.repo, label, since)) {
        if (page.length === 0) continue;
        const records: CanonicalRecord[] = [];
        const raw: RawPayload[] = [];
        for (const issue of page) {
          const rec = mapIncidentIssue(this.repo, issue, this.config);
          if (rec) {
            records.push(rec);
            raw.push(this.raw(`issue:${this.repo}#${issue.number}@${issue.updated_at}`, issue));
          }
        }
        add(records);
        const reached = page.reduce((m, i) => (i.updated_at > m ? i.updated_at : m), since);
        await this.commit(records, raw, { issues: { ...(this.state.issues ?? {}), [label]: reached } });
      }
    }
  }
}

async function repositoriesOf(ctx: Ctx, client: GithubClient): Promise<string[]> {
  const repos = new Set(ctx.config.repositories);
  if (ctx.config.org) for (const r of await client.listOrgRepos(ctx.config.org, ctx.config.includeArchived)) repos.add(r);
  return [...repos].sort();
}

export interface GithubConnectorOptions extends GithubClientOptions {
  batch?: Partial<GithubBatchSizes>;
}

export function createGithubConnector(options: GithubConnectorOptions = {}): Connector<GithubConfig, GithubCursor> {
  const { batch, ...clientOptions } = options;
  const sizes: GithubBatchSizes = { ...DEFAULT_BATCH, ...batch };
  return {
    kind: 'github',
    configSchema: githubConfigSchema as unknown as Connector<GithubConfig, GithubCursor>['configSchema'],
    secretKeys: ['token', 'webhookSecret'],
    async sync(ctx: Ctx): Promise<void> {
      const client = new GithubClient(ctx.config.baseUrl, ctx.secrets.token, ctx.logger, ctx.signal, clientOptions);
      const cursor: GithubCursor = { v: 1, repos: { ...(ctx.cursor?.repos ?? {}) } };
      for (const repo of await repositoriesOf(ctx, client)) {
        ctx.signal.throwIfAborted();
        const before = cursor.repos[repo];
        const counts = await new RepoSync(ctx, client, repo, cursor, sizes).run();
        ctx.logger.log({ repo, cursorBefore: before ?? null, cursorAfter: cursor.repos[repo] ?? null, records: counts }, 'GitHub repository synced');
      }
    },
  };
}

/** The connector with production settings (real waits). */
export const githubConnector = createGithubConnector();
