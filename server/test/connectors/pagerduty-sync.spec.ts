import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CanonicalRecord } from '@bearing/shared';
import type { SyncBatch, SyncContext } from '../../src/connectors/connector.js';
import { createPagerdutyConnector, pagerdutyConfigSchema, type PagerdutyConfig, type PagerdutyCursor } from '../../src/connectors/pagerduty/index.js';
import { validateRecord } from '../../src/ingest/records.schema.js';

/**
 * The PagerDuty connector against a local fake of the REST API v2 (real paths and shapes:
 * `{incidents, limit, offset, more}` pages, `{notes}`, `{custom_fields}`, `{incident}`,
 * `{error:{message,code}}`), with faults: 429 + Retry-After, 500, a hanging request.
 */

interface Fault {
  path: RegExp;
  status?: number;
  headers?: Record<string, string>;
  hang?: boolean;
  times: number;
}

class FakePagerduty {
  incidents: any[] = [];
  notes: Record<string, any[]> = {};
  fields: Record<string, any[]> = {};
  faults: Fault[] = [];
  requests: { path: string; query: URLSearchParams; auth?: string; accept?: string; status: number }[] = [];
  failAfter: number | null = null;
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((q, s) => this.handle(q, s));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
  hits(re: RegExp): FakePagerduty['requests'] {
    return this.requests.filter((r) => re.test(r.path));
  }

  private send(res: ServerResponse, log: { status: number }, status: number, body: unknown, headers: Record<string, string> = {}): void {
    log.status = status;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url!, 'http://127.0.0.1');
    const log = { path: url.pathname, query: url.searchParams, auth: req.headers.authorization, accept: req.headers.accept, status: 0 };
    this.requests.push(log);
    if (this.failAfter !== null && this.requests.length > this.failAfter) return this.send(res, log, 500, { error: { message: 'Internal Server Error', code: 2000 } });
    const fault = this.faults.find((f) => f.path.test(url.pathname) && f.times > 0);
    if (fault) {
      fault.times--;
      if (fault.hang) return; // never answers: the client's timeout must fire
      return this.send(res, log, fault.status!, { error: { message: 'Rate Limit Exceeded', code: 2020 } }, fault.headers);
    }
    if (req.headers.authorization !== 'Token token=pd-token') return this.send(res, log, 401, { error: { message: 'Unauthorized', code: 2006 } });
    const q = url.searchParams;
    let m: RegExpExecArray | null;
    if (url.pathname === '/incidents') {
      const since = q.get('since')!;
      const until = q.get('until')!;
      const limit = Math.min(Number(q.get('limit') ?? 25), 2); // a small page size exercises paging
      const offset = Number(q.get('offset') ?? 0);
      const all = this.incidents
        .filter((i) => i.created_at >= since && i.created_at < until)
        .filter((i) => !q.getAll('service_ids[]').length || q.getAll('service_ids[]').includes(i.service.id))
        .sort((a, b) => (a.created_at < b.created_at ? -1 : 1));
      const page = all.slice(offset, offset + limit);
      return this.send(res, log, 200, { incidents: page, limit, offset, total: null, more: offset + limit < all.length });
    }
    if ((m = /^\/incidents\/([A-Z0-9]+)\/notes$/.exec(url.pathname))) return this.send(res, log, 200, { notes: this.notes[m[1]!] ?? [] });
    if ((m = /^\/incidents\/([A-Z0-9]+)\/custom_fields\/values$/.exec(url.pathname))) return this.send(res, log, 200, { custom_fields: this.fields[m[1]!] ?? [] });
    if ((m = /^\/incidents\/([A-Z0-9]+)$/.exec(url.pathname))) {
      const inc = this.incidents.find((i) => i.id === m![1]);
      return inc ? this.send(res, log, 200, { incident: inc }) : this.send(res, log, 404, { error: { message: 'Not Found', code: 2100 } });
    }
    return this.send(res, log, 404, { error: { message: 'Not Found', code: 2100 } });
  }
}

/** REST v2 incident, shaped like the API reference's "List incidents" example */
function incident(id: string, o: { created: string; status?: string; changed?: string; title?: string; service?: string; priority?: string | null; urgency?: string }): any {
  const service = o.service ?? 'PIJ90N7';
  return {
    id,
    type: 'incident',
    summary: `[#${id}] ${o.title ?? 'The server is on fire.'}`,
    self: `https://api.pagerduty.com/incidents/${id}`,
    html_url: `https://subdomain.pagerduty.com/incidents/${id}`,
    incident_number: 1234,
    title: o.title ?? 'The server is on fire.',
    created_at: o.created,
    updated_at: o.changed ?? o.created,
    status: o.status ?? 'triggered',
    incident_key: 'baf7cf21b1da41b4b0221008339ff357',
    service: { id: service, type: 'service_reference', summary: service === 'PIJ90N7' ? 'My Mail Service' : 'Other Service', self: '', html_url: '' },
    assignments: [],
    assigned_via: 'escalation_policy',
    last_status_change_at: o.changed ?? o.created,
    resolved_at: o.status === 'resolved' ? (o.changed ?? null) : null,
    first_trigger_log_entry: { id: 'Q02JTSNZWHSEKV', type: 'trigger_log_entry_reference', summary: 'Triggered through the API' },
    alert_counts: { all: 1, triggered: 0, resolved: 1 },
    is_mergeable: true,
    escalation_policy: { id: 'PT20YPA', type: 'escalation_policy_reference', summary: 'Another Escalation Policy' },
    teams: [],
    pending_actions: [],
    acknowledgements: [],
    alert_grouping: null,
    last_status_change_by: { id: 'PXPGF42', type: 'user_reference', summary: 'Earline Greenholt' },
    priority: o.priority === null ? null : { id: 'P53ZZH5', type: 'priority_reference', summary: o.priority ?? 'P2' },
    resolve_reason: null,
    conference_bridge: null,
    incidents_responders: [],
    responder_requests: [],
    urgency: o.urgency ?? 'high',
  };
}

function note(id: string, content: string, at: string): any {
  return { id, user: { id: 'PXPGF42', type: 'user_reference', summary: 'Earline Greenholt' }, channel: { summary: 'The PagerDuty website or APIs' }, content, created_at: at };
}

const NOW = new Date('2026-03-10T12:00:00Z');

function seed(fake: FakePagerduty): void {
  fake.incidents = [
    incident('POLD0PN', { created: '2026-01-05T08:00:00Z', title: 'Old and still open' }), // first window, never resolved yet
    incident('PA11111', { created: '2026-03-01T10:00:00Z', status: 'resolved', changed: '2026-03-01T11:30:00Z', title: 'Checkout errors' }),
    incident('PB22222', { created: '2026-03-02T10:00:00Z', status: 'resolved', changed: '2026-03-02T10:45:00Z', priority: null, urgency: 'low' }),
    incident('PC33333', { created: '2026-03-03T10:00:00Z', status: 'acknowledged', service: 'POTHER1' }),
    incident('PD44444', { created: '2026-03-04T10:00:00Z', status: 'resolved', changed: '2026-03-04T12:00:00Z' }),
    incident('PE55555', { created: '2026-03-05T10:00:00Z', status: 'resolved', changed: '2026-03-05T10:10:00Z' }),
  ];
  fake.notes.PA11111 = [
    note('N1', 'Looking into it', '2026-03-01T10:10:00Z'),
    note('N2', 'Rolled back.\nroot cause: acme/api#42', '2026-03-01T11:20:00Z'),
  ];
  fake.fields.PD44444 = [{ id: 'F1', name: 'root_cause', display_name: 'Root cause', data_type: 'string', field_type: 'single_value', value: 'github:acme/api:deployment:777', type: 'field_value' }];
}

const config = (baseUrl: string): PagerdutyConfig =>
  pagerdutyConfigSchema.parse({ baseUrl, services: { PIJ90N7: 'mail' }, rootCauseField: 'root_cause', backfillDays: 90 });

interface Harness {
  commits: SyncBatch<PagerdutyCursor>[];
  cursor: PagerdutyCursor | null;
  warnings: string[];
}
const records = (h: Harness): CanonicalRecord[] => h.commits.flatMap((c) => c.records);

function ctx(h: Harness, cfg: PagerdutyConfig, now = NOW): SyncContext<PagerdutyConfig, PagerdutyCursor> {
  return {
    sourceId: 'pd-1',
    config: cfg,
    secrets: { token: 'pd-token', webhookSecret: 'x' },
    cursor: h.cursor,
    async commit(b) {
      h.commits.push(structuredClone(b));
      h.cursor = structuredClone(b.cursor);
    },
    signal: new AbortController().signal,
    logger: { log: () => undefined, warn: (o, m) => h.warnings.push(`${m} ${JSON.stringify(o)}`) },
    now: () => now,
  };
}

describe('PagerDuty connector sync (fake REST API v2)', () => {
  let fake: FakePagerduty;
  let baseUrl: string;
  const waits: number[] = [];
  const connector = createPagerdutyConnector({
    baseDelayMs: 10,
    timeoutMs: 300,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });

  beforeEach(async () => {
    fake = new FakePagerduty();
    baseUrl = await fake.start();
    seed(fake);
    waits.length = 0;
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('first sync: 30-day windows, offset paging with `more`, root causes from notes and a custom field; retries 429/500/timeouts', async () => {
    fake.faults.push(
      { path: /^\/incidents$/, status: 429, headers: { 'retry-after': '7' }, times: 1 },
      { path: /^\/incidents\/PB22222\/notes$/, status: 503, times: 2 },
      { path: /^\/incidents\/PE55555\/notes$/, hang: true, times: 1 },
    );
    const h: Harness = { commits: [], cursor: null, warnings: [] };
    await createPagerdutyConnector({ baseDelayMs: 10, timeoutMs: 300, sleep: async (ms) => void waits.push(ms) }).sync(ctx(h, config(baseUrl)));

    // Retry-After: 7 → waited 7000 ms; the two 503s → backoff 10 then 20 ms; the timeout → 10 ms
    expect(waits).toEqual([7000, 10, 20, 10]);
    expect(fake.hits(/^\/incidents\/PB22222\/notes$/).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(fake.requests.every((r) => r.status === 0 || r.accept === 'application/vnd.pagerduty+json;version=2')).toBe(true);
    expect(fake.requests.filter((r) => r.status === 200).every((r) => r.auth === 'Token token=pd-token')).toBe(true);

    // windows: 90 days back in 30-day slices, each paged by offset until more=false
    const lists = fake.hits(/^\/incidents$/).filter((r) => r.status === 200);
    expect(lists.map((r) => [r.query.get('since'), r.query.get('until'), r.query.get('offset')])).toEqual([
      ['2025-12-10T12:00:00Z', '2026-01-09T12:00:00Z', '0'],
      ['2026-01-09T12:00:00Z', '2026-02-08T12:00:00Z', '0'],
      ['2026-02-08T12:00:00Z', '2026-03-10T12:00:00Z', '0'],
      ['2026-02-08T12:00:00Z', '2026-03-10T12:00:00Z', '2'],
      ['2026-02-08T12:00:00Z', '2026-03-10T12:00:00Z', '4'],
    ]);
    expect(lists[0]!.query.get('sort_by')).toBe('created_at:asc');

    const recs = records(h);
    for (const r of recs) expect(validateRecord(r)).toMatchObject({ ok: true });
    expect(recs).toEqual([
      { type: 'incident', id: 'pagerduty:POLD0PN', service: 'mail', title: 'Old and still open', severity: 'P2', openedAt: '2026-01-05T08:00:00Z', resolvedAt: null, causedBy: null },
      {
        type: 'incident',
        id: 'pagerduty:PA11111',
        service: 'mail',
        title: 'Checkout errors',
        severity: 'P2',
        openedAt: '2026-03-01T10:00:00Z',
        resolvedAt: '2026-03-01T11:30:00Z',
        causedBy: { pr: { repo: 'acme/api', number: 42 } }, // from the note
      },
      { type: 'incident', id: 'pagerduty:PB22222', service: 'mail', title: 'The server is on fire.', severity: 'low', openedAt: '2026-03-02T10:00:00Z', resolvedAt: '2026-03-02T10:45:00Z', causedBy: null },
      // unmapped service id → the PagerDuty service name
      { type: 'incident', id: 'pagerduty:PC33333', service: 'Other Service', title: 'The server is on fire.', severity: 'P2', openedAt: '2026-03-03T10:00:00Z', resolvedAt: null, causedBy: null },
      {
        type: 'incident',
        id: 'pagerduty:PD44444',
        service: 'mail',
        title: 'The server is on fire.',
        severity: 'P2',
        openedAt: '2026-03-04T10:00:00Z',
        resolvedAt: '2026-03-04T12:00:00Z',
        causedBy: { deployment: 'github:acme/api:deployment:777' }, // from the custom field
      },
      { type: 'incident', id: 'pagerduty:PE55555', service: 'mail', title: 'The server is on fire.', severity: 'P2', openedAt: '2026-03-05T10:00:00Z', resolvedAt: '2026-03-05T10:10:00Z', causedBy: null },
    ]);
    // committed per page, with the cursor reached and raw payloads
    expect(h.commits.map((c) => [c.records.length, c.cursor.since])).toEqual([
      [1, '2026-01-09T12:00:00Z'],
      [0, '2026-02-08T12:00:00Z'],
      [2, '2026-03-02T10:00:00Z'],
      [2, '2026-03-04T10:00:00Z'],
      [1, '2026-03-10T12:00:00Z'],
    ]);
    expect(h.commits[0]!.raw![0]).toMatchObject({ source: 'pagerduty:pd-1', externalId: 'incident:POLD0PN@triggered:2026-01-05T08:00:00Z' });
    expect(h.cursor).toEqual({ v: 1, since: '2026-03-10T12:00:00Z', open: ['POLD0PN', 'PC33333'] });
  });

  it('incremental: re-reads the overlap window, then the open incidents outside it', async () => {
    const first: Harness = { commits: [], cursor: null, warnings: [] };
    await connector.sync(ctx(first, config(baseUrl)));
    const mark = fake.requests.length;

    // a day later: the old incident and PC33333 resolved, a new one opened
    const later = new Date('2026-03-11T12:00:00Z');
    fake.incidents[0] = { ...fake.incidents[0], status: 'resolved', last_status_change_at: '2026-03-11T09:00:00Z', resolved_at: '2026-03-11T09:00:00Z' };
    fake.incidents[3] = { ...fake.incidents[3], status: 'resolved', last_status_change_at: '2026-03-11T08:00:00Z', resolved_at: '2026-03-11T08:00:00Z' };
    fake.incidents.push(incident('PF66666', { created: '2026-03-11T10:00:00Z' }));

    const h: Harness = { commits: [], cursor: first.cursor, warnings: [] };
    await connector.sync(ctx(h, config(baseUrl), later));
    const lists = fake.requests.slice(mark).filter((r) => r.path === '/incidents');
    // cursor 2026-03-10T12:00Z − 72 h overlap
    expect(lists.map((r) => [r.query.get('since'), r.query.get('until'), r.query.get('offset')])).toEqual([
      ['2026-03-07T12:00:00Z', '2026-03-11T12:00:00Z', '0'],
    ]);
    expect(fake.requests.slice(mark).filter((r) => r.path === '/incidents/POLD0PN')).toHaveLength(1);
    expect(records(h).map((r) => [(r as any).id, (r as any).resolvedAt])).toEqual([
      ['pagerduty:PF66666', null],
      // open at the last run and created before the overlap window: re-read one by one
      ['pagerduty:POLD0PN', '2026-03-11T09:00:00Z'],
      ['pagerduty:PC33333', '2026-03-11T08:00:00Z'],
    ]);
    expect(h.cursor!.open).toEqual(['PF66666']);
  });

  it('a run that dies mid-way resumes from the last committed page: nothing lost', async () => {
    const refFake = new FakePagerduty();
    const refUrl = await refFake.start();
    seed(refFake);
    const full: Harness = { commits: [], cursor: null, warnings: [] };
    await connector.sync(ctx(full, config(refUrl)));
    await refFake.stop();

    // list w1, w2, w3 p1 (+ notes/fields of its 2 incidents), w3 p2 (…) — fail inside the third page
    fake.failAfter = 1 + 2 + 1 + 2 + 1 + 2 + 1 + 2 + 1 + 2 + 1;
    const h: Harness = { commits: [], cursor: null, warnings: [] };
    await expect(connector.sync(ctx(h, pagerdutyConfigSchema.parse({ ...config(baseUrl) })))).rejects.toThrow(/failed after 5 attempts: HTTP 500/);
    expect(h.commits.map((c) => c.cursor.since)).toEqual(['2026-01-09T12:00:00Z', '2026-02-08T12:00:00Z', '2026-03-02T10:00:00Z', '2026-03-04T10:00:00Z']);

    fake.failAfter = null;
    const resumed: Harness = { commits: [], cursor: h.cursor, warnings: [] };
    await connector.sync(ctx(resumed, config(baseUrl)));
    const byId = (rs: CanonicalRecord[]): Map<string, CanonicalRecord> => new Map(rs.map((r) => [(r as { id: string }).id, r]));
    expect(byId([...records(h), ...records(resumed)])).toEqual(byId(records(full)));
    expect(resumed.cursor).toEqual(full.cursor);
  });

  it('a 4xx is not retried and fails the run with the API message', async () => {
    const h: Harness = { commits: [], cursor: null, warnings: [] };
    const bad = createPagerdutyConnector({ baseDelayMs: 1 });
    const c = ctx(h, config(baseUrl));
    await expect(bad.sync({ ...c, secrets: { token: 'wrong' } })).rejects.toThrow('GET /incidents failed: HTTP 401: Unauthorized');
    expect(fake.requests).toHaveLength(1);
    expect(h.commits).toEqual([]);
  });
});
