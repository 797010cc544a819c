import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local fake of the GitHub REST API (node:http) speaking the real shapes: the paths octokit
 * calls, `Link` pagination (rel next/last), weak ETags with `If-None-Match` → 304, the
 * `x-ratelimit-*` headers on every answer, `{total_count, workflow_runs|jobs}` envelopes,
 * and injectable faults (429 with Retry-After, 403 secondary/primary rate limits, 5xx,
 * "every request after N fails"). Object payloads are built by the tests from the real
 * example objects of @octokit/webhooks-examples (REST and webhooks share object shapes).
 */

export interface FakeRepo {
  pulls: any[];
  commits: Record<number, any[]>;
  reviews: Record<number, any[]>;
  events: Record<number, any[]>;
  runs: any[];
  jobs: Record<number, any[]>;
  deployments: any[];
  statuses: Record<number, any[]>;
  releases: any[];
  issues: any[];
}

export interface Fault {
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** how many times (default 1; Infinity = always) */
  times?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  ifNoneMatch?: string;
  authorization?: string;
  status: number;
}

export function emptyRepo(): FakeRepo {
  return { pulls: [], commits: {}, reviews: {}, events: {}, runs: [], jobs: {}, deployments: [], statuses: {}, releases: [], issues: [] };
}

export class FakeGithub {
  readonly repos = new Map<string, FakeRepo>();
  readonly orgs = new Map<string, { full_name: string; archived: boolean }[]>();
  readonly requests: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  /** requests served before every further one answers 500 (null = never) */
  failAfter: number | null = null;
  pageSize = 2;
  private server!: Server;
  private remaining = 5000;

  constructor(readonly prefix = '') {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.prefix}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  repo(name: string): FakeRepo {
    let r = this.repos.get(name);
    if (!r) {
      r = emptyRepo();
      this.repos.set(name, r);
    }
    return r;
  }

  /** requests whose path (without the prefix) matches */
  hits(path: RegExp): LoggedRequest[] {
    return this.requests.filter((r) => path.test(r.path));
  }

  private send(res: ServerResponse, log: LoggedRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    log.status = status;
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    if (status !== 304) this.remaining = Math.max(0, this.remaining - 1);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(this.remaining),
      'x-ratelimit-reset': reset,
      'x-ratelimit-used': String(5000 - this.remaining),
      'x-ratelimit-resource': 'core',
      'x-github-api-version-selected': '2022-11-28',
      ...headers,
    });
    res.end(status === 304 || body === undefined ? undefined : JSON.stringify(body));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url!, 'http://127.0.0.1');
    const log: LoggedRequest = {
      method: req.method!,
      path: url.pathname,
      query: url.searchParams,
      ifNoneMatch: req.headers['if-none-match'] as string | undefined,
      authorization: req.headers.authorization,
      status: 0,
    };
    this.requests.push(log);
    if (!url.pathname.startsWith(this.prefix + '/')) return this.send(res, log, 404, { message: 'Not Found' });
    const path = url.pathname.slice(this.prefix.length);
    log.path = path;

    if (this.failAfter !== null && this.requests.length > this.failAfter) {
      return this.send(res, log, 500, { message: 'Server Error' });
    }
    const fault = this.faults.find((f) => f.path.test(path) && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return this.send(res, log, fault.status, fault.body ?? { message: 'fault' }, fault.headers);
    }

    let m: RegExpExecArray | null;
    const q = url.searchParams;
    if ((m = /^\/orgs\/([^/]+)\/repos$/.exec(path))) {
      return this.page(req, res, log, url, this.orgs.get(m[1]!) ?? []);
    }
    if (!(m = /^\/repos\/([^/]+\/[^/]+)(\/.*)$/.exec(path))) return this.send(res, log, 404, { message: 'Not Found' });
    const repo = this.repos.get(m[1]!);
    if (!repo) return this.send(res, log, 404, { message: 'Not Found' });
    const rest = m[2]!;
    const n = (re: RegExp): number | null => {
      const x = re.exec(rest);
      return x ? Number(x[1]) : null;
    };
    let id: number | null;
    if (rest === '/pulls') {
      const dir = q.get('direction') === 'asc' ? 1 : -1;
      const items = [...repo.pulls].sort((a, b) => dir * (a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : 0));
      return this.page(req, res, log, url, items);
    }
    if ((id = n(/^\/pulls\/(\d+)\/commits$/)) !== null) return this.page(req, res, log, url, repo.commits[id] ?? []);
    if ((id = n(/^\/pulls\/(\d+)\/reviews$/)) !== null) return this.page(req, res, log, url, repo.reviews[id] ?? []);
    if ((id = n(/^\/issues\/(\d+)\/events$/)) !== null) return this.page(req, res, log, url, repo.events[id] ?? []);
    if (rest === '/actions/runs') {
      const created = q.get('created');
      const from = created?.startsWith('>=') ? created.slice(2) : null;
      const items = repo.runs.filter((r) => !from || r.created_at >= from).sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
      return this.page(req, res, log, url, items, 'workflow_runs');
    }
    if ((id = n(/^\/actions\/runs\/(\d+)\/jobs$/)) !== null) return this.page(req, res, log, url, repo.jobs[id] ?? [], 'jobs');
    if (rest === '/deployments') return this.page(req, res, log, url, [...repo.deployments].sort((a, b) => b.id - a.id));
    if ((id = n(/^\/deployments\/(\d+)\/statuses$/)) !== null) {
      return this.page(req, res, log, url, [...(repo.statuses[id] ?? [])].sort((a, b) => b.id - a.id));
    }
    if ((id = n(/^\/deployments\/(\d+)$/)) !== null) {
      const d = repo.deployments.find((x) => x.id === id);
      return d ? this.send(res, log, 200, d) : this.send(res, log, 404, { message: 'Not Found' });
    }
    if (rest === '/releases') return this.page(req, res, log, url, [...repo.releases].sort((a, b) => b.id - a.id));
    if (rest === '/issues') {
      const labels = (q.get('labels') ?? '').split(',').filter(Boolean);
      const since = q.get('since');
      const items = repo.issues
        .filter((i) => labels.every((l) => i.labels.some((x: { name: string }) => x.name === l)))
        .filter((i) => !since || i.updated_at >= since)
        .sort((a, b) => (a.updated_at < b.updated_at ? -1 : 1));
      return this.page(req, res, log, url, items);
    }
    return this.send(res, log, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  /** One page with GitHub's Link header and a weak ETag; `If-None-Match` → 304. */
  private page(req: IncomingMessage, res: ServerResponse, log: LoggedRequest, url: URL, all: unknown[], envelope?: string): void {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), this.pageSize);
    const pageNo = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const items = all.slice((pageNo - 1) * perPage, pageNo * perPage);
    const body = envelope ? { total_count: all.length, [envelope]: items } : items;
    const etag = `W/"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return this.send(res, log, 304, undefined, { etag });
    const link = (p: number, rel: string): string => {
      const u = new URL(url.toString());
      u.host = req.headers.host!;
      u.searchParams.set('page', String(p));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
    if (pageNo > 1) links.push(link(1, 'first'), link(pageNo - 1, 'prev'));
    this.send(res, log, 200, body, { etag, ...(links.length ? { link: links.join(', ') } : {}) });
  }
}
