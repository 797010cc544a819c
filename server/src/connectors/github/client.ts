import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { defaultSleep, parseRetryAfter } from '../http/retry-fetch.js';
import type { SyncLogger } from '../connector.js';
import type {
  GhDeployment,
  GhDeploymentStatus,
  GhIssue,
  GhIssueEvent,
  GhJob,
  GhPull,
  GhRelease,
  GhRestCommit,
  GhReview,
  GhRun,
} from './mapper.js';

/**
 * GitHub REST client: I/O only (no mapping, no database). Octokit with
 *   - @octokit/plugin-throttling: primary (`x-ratelimit-remaining: 0` until `x-ratelimit-reset`)
 *     and secondary rate limits (403/429 "secondary rate limit", `Retry-After`): wait, retry
 *     up to `maxRetries` times, give up when the wait is longer than `maxWaitSeconds`;
 *   - @octokit/plugin-retry: 5xx, network errors and per-request timeouts, with backoff;
 *   - a small plugin for a bare 429 carrying only `Retry-After` (proxies, GHES), which
 *     neither of the two handles by that header;
 *   - conditional requests: callers pass the ETag they kept; a 304 is reported as
 *     `notModified` (and costs no rate limit).
 */

export interface GithubClientOptions {
  /** ms per second of a server-requested wait (throttling/Retry-After); tests use 1 */
  retryAfterBaseMs?: number;
  /** retries per request for rate limits and for 5xx/network errors (default 3) */
  maxRetries?: number;
  /** give up instead of waiting longer than this for a rate limit (default 15 min) */
  maxWaitSeconds?: number;
  /** per-request timeout (default 30 s) */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const PER_PAGE = 100;

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

/** `If-None-Match` for a conditional first page (typed loosely: octokit's route types omit `headers`). */
function conditional(etag: string | undefined): object {
  return etag ? { headers: { 'if-none-match': etag } } : {};
}

function isNotModified(err: unknown): boolean {
  return (err as RequestErrorLike)?.status === 304;
}

/** Octokit plugin: retry a plain 429 after its `Retry-After` (bounded). */
function plainRetryAfter(octokit: InstanceType<typeof Octokit>, options: { plain429?: { retries: number; baseMs: number; sleep: typeof defaultSleep } }): object {
  const cfg = options.plain429;
  if (!cfg) return {};
  octokit.hook.wrap('request', async (request, opts) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(opts);
      } catch (err) {
        const e = err as RequestErrorLike;
        const headers = e.response?.headers ?? {};
        const handledByThrottling = /secondary rate/i.test(e.message ?? '') || headers['x-ratelimit-remaining'] === '0';
        if (e.status !== 429 || handledByThrottling || attempt >= cfg.retries) throw err;
        const ms = parseRetryAfter(headers['retry-after'], Date.now());
        const seconds = ms === null ? 2 ** attempt : ms / 1000;
        await cfg.sleep(Math.round(seconds * cfg.baseMs));
      }
    }
  });
  return {};
}

const BearingOctokit = Octokit.plugin(retry, throttling, plainRetryAfter as never);

export interface ListResult<T> {
  items: T[];
  etag?: string;
  notModified: boolean;
}

export class GithubClient {
  readonly octokit: InstanceType<typeof Octokit>;

  constructor(baseUrl: string, token: string | undefined, logger: SyncLogger, signal: AbortSignal | undefined, opts: GithubClientOptions = {}) {
    const baseMs = opts.retryAfterBaseMs ?? 1000;
    const maxRetries = opts.maxRetries ?? 3;
    const maxWait = opts.maxWaitSeconds ?? 900;
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const doFetch = opts.fetch ?? fetch;
    const timedFetch: typeof fetch = (input, init) => {
      const signals = [AbortSignal.timeout(timeoutMs)];
      if (init?.signal) signals.push(init.signal);
      else if (signal) signals.push(signal);
      return doFetch(input, { ...init, signal: AbortSignal.any(signals) });
    };
    const onLimit = (kind: string) => (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
      const retrying = retryCount < maxRetries && retryAfter <= maxWait;
      logger.warn({ kind, retryAfter, retryCount, url: options.url, retrying }, 'GitHub rate limit hit');
      return retrying;
    };
    this.octokit = new BearingOctokit({
      auth: token,
      baseUrl: baseUrl.replace(/\/+$/, ''),
      userAgent: 'bearing-connector',
      request: { fetch: timedFetch, signal },
      log: { debug: () => undefined, info: () => undefined, warn: (m: string) => logger.warn({}, m), error: (m: string) => logger.warn({}, m) },
      retry: { retries: maxRetries, retryAfterBaseValue: baseMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      throttle: {
        // one Bottleneck id per source: limits are per token
        id: `bearing-${baseUrl}`,
        retryAfterBaseValue: baseMs,
        fallbackSecondaryRateRetryAfter: 60,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
      plain429: { retries: maxRetries, baseMs, sleep: (ms: number) => defaultSleep(ms, signal) },
    } as never);
  }

  private split(repo: string): { owner: string; repo: string } {
    const [owner, name] = repo.split('/');
    return { owner: owner!, repo: name! };
  }

  /** Repositories of an organisation (`owner/name`). */
  async listOrgRepos(org: string, includeArchived: boolean): Promise<string[]> {
    const repos = await this.octokit.paginate('GET /orgs/{org}/repos', { org, per_page: PER_PAGE, type: 'all' });
    return repos.filter((r) => includeArchived || !r.archived).map((r) => r.full_name);
  }

  /**
   * PRs updated at or after `since`, newest first (GitHub offers no `since` on this list:
   * pages sorted by `updated` descending are read until one is older). `etag` guards the first page.
   */
  async pullsUpdatedSince(repo: string, since: string, etag?: string): Promise<ListResult<GhPull>> {
    const items: GhPull[] = [];
    let first: string | undefined;
    try {
      const it = this.octokit.paginate.iterator('GET /repos/{owner}/{repo}/pulls', {
        ...this.split(repo),
        state: 'all',
        sort: 'updated',
        direction: 'desc',
        per_page: PER_PAGE,
        ...conditional(etag),
      });
      for await (const page of it) {
        first ??= page.headers.etag;
        let older = false;
        for (const p of page.data as unknown as GhPull[]) {
          if (p.updated_at < since) {
            older = true;
            break;
          }
          items.push(p);
        }
        if (older) break;
      }
    } catch (err) {
      if (isNotModified(err)) return { items: [], etag, notModified: true };
      throw err;
    }
    return { items, etag: first, notModified: false };
  }

  async pullCommits(repo: string, number: number): Promise<GhRestCommit[]> {
    return (await this.octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', {
      ...this.split(repo),
      pull_number: number,
      per_page: PER_PAGE,
    })) as unknown as GhRestCommit[];
  }

  async pullReviews(repo: string, number: number): Promise<GhReview[]> {
    return (await this.octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
      ...this.split(repo),
      pull_number: number,
      per_page: PER_PAGE,
    })) as unknown as GhReview[];
  }

  async issueEvents(repo: string, number: number): Promise<GhIssueEvent[]> {
    return (await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/events', {
      ...this.split(repo),
      issue_number: number,
      per_page: PER_PAGE,
    })) as unknown as GhIssueEvent[];
  }

  /** Actions runs created at or after `since` (any status). */
  async runsCreatedSince(repo: string, since: string): Promise<GhRun[]> {
    return (await this.octokit.paginate('GET /repos/{owner}/{repo}/actions/runs', {
      ...this.split(repo),
      created: `>=${since}`,
      per_page: PER_PAGE,
    })) as unknown as GhRun[];
  }

  /** The latest attempt's jobs of a run. */
  async runJobs(repo: string, runId: number): Promise<GhJob[]> {
    return (await this.octokit.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
      ...this.split(repo),
      run_id: runId,
      filter: 'latest',
      per_page: PER_PAGE,
    })) as unknown as GhJob[];
  }

  /** Deployments newer than `lastId` (the list is newest first); `etag` guards the first page. */
  async deploymentsAfter(repo: string, lastId: number, etag?: string, createdSince?: string): Promise<ListResult<GhDeployment>> {
    return this.newestFirstAfter<GhDeployment>('GET /repos/{owner}/{repo}/deployments', repo, lastId, etag, createdSince);
  }

  async deployment(repo: string, id: number): Promise<GhDeployment | null> {
    try {
      const res = await this.octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}', { ...this.split(repo), deployment_id: id });
      return res.data as unknown as GhDeployment;
    } catch (err) {
      if ((err as RequestErrorLike).status === 404) return null; // deleted
      throw err;
    }
  }

  async deploymentStatuses(repo: string, id: number): Promise<GhDeploymentStatus[]> {
    return (await this.octokit.paginate('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      ...this.split(repo),
      deployment_id: id,
      per_page: PER_PAGE,
    })) as unknown as GhDeploymentStatus[];
  }

  /** Releases newer than `lastId` (newest first); `etag` guards the first page. */
  async releasesAfter(repo: string, lastId: number, etag?: string, createdSince?: string): Promise<ListResult<GhRelease>> {
    return this.newestFirstAfter<GhRelease>('GET /repos/{owner}/{repo}/releases', repo, lastId, etag, createdSince);
  }

  /** Issues with `label` updated at or after `since`, oldest first, one page at a time. */
  async *issuesSince(repo: string, label: string, since: string): AsyncGenerator<GhIssue[]> {
    const it = this.octokit.paginate.iterator('GET /repos/{owner}/{repo}/issues', {
      ...this.split(repo),
      labels: label,
      state: 'all',
      since,
      sort: 'updated',
      direction: 'asc',
      per_page: PER_PAGE,
    });
    for await (const page of it) yield page.data as unknown as GhIssue[];
  }

  /** Newest-first list read until an id ≤ lastId, or (when given) an item created before `createdSince`. */
  private async newestFirstAfter<T extends { id: number; created_at: string }>(
    route: 'GET /repos/{owner}/{repo}/deployments' | 'GET /repos/{owner}/{repo}/releases',
    repo: string,
    lastId: number,
    etag?: string,
    createdSince?: string,
  ): Promise<ListResult<T>> {
    const items: T[] = [];
    let first: string | undefined;
    try {
      const it = this.octokit.paginate.iterator(route, {
        ...this.split(repo),
        per_page: PER_PAGE,
        ...conditional(etag),
      });
      for await (const page of it) {
        first ??= page.headers.etag;
        let older = false;
        for (const d of page.data as unknown as T[]) {
          if (d.id <= lastId || (createdSince !== undefined && d.created_at < createdSince)) {
            older = true;
            break;
          }
          items.push(d);
        }
        if (older) break;
      }
    } catch (err) {
      if (isNotModified(err)) return { items: [], etag, notModified: true };
      throw err;
    }
    return { items, etag: first, notModified: false };
  }
}
