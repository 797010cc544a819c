import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { generateDemo } from '../../src/demo/generator.js';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { type ServerProcess, authenticate, postFile, startServer } from './support/server-process.js';

/**
 * R7 load (quality.md): 200 concurrent clients for 60 s on the dashboard endpoints → zero
 * errors, p99 ≤ 1 s. `npm run test:reliability` runs the full 60 s and checks p99;
 * `npm test` runs 5 s and checks only that nothing fails (its timings share two cores with
 * the rest of the suite, so a latency bar there would measure the suite, not the server).
 */
const FULL = process.env.RELIABILITY_FULL === '1';
const SECONDS = FULL ? 60 : 5;

describe('R7: 200 concurrent clients on the dashboard endpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bearing-r7-'));
  let db: TestDatabase;
  let server: ServerProcess;
  let headers: Record<string, string>;

  beforeAll(async () => {
    const file = join(dir, 'org.ndjson');
    const out = createWriteStream(file);
    for (const r of generateDemo({ size: 'S', seed: 42, end: new Date(Date.UTC(2026, 9, 1)) })) {
      if (!out.write(`${JSON.stringify(r)}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    db = await createTestDatabase('r7');
    server = await startServer(db.url);
    headers = await authenticate(server.base);
    const res = await postFile(server.base, '/api/v1/import?mode=strict', file, headers);
    expect(res.status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    await server?.kill('SIGTERM');
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`serves ${SECONDS} s of 200 clients with zero errors${FULL ? ' and p99 ≤ 1 s' : ''}`, async () => {
    const squads = ((await (await fetch(`${server.base}/api/v1/squads`, { headers })).json()) as { squads: { key: string }[] }).squads;
    expect(squads.length).toBeGreaterThan(3);
    const period = 'from=2026-04-01&to=2026-10-01&interval=week';
    // what the dashboard asks for: the headline metrics per squad and for the org, a drill-down, the org structure
    const paths = [
      ...squads.map((s) => `/api/v1/metrics?scope=squad:${s.key}&${period}`),
      `/api/v1/metrics?scope=org&${period}`,
      `/api/v1/metrics/deployment_frequency/events?scope=squad:${squads[0]!.key}&${period}&limit=50`,
      '/api/v1/squads',
      '/api/v1/groups',
    ];
    // warm the caches the way a dashboard does after the first visitors
    for (const p of paths) expect((await fetch(`${server.base}${p}`, { headers })).status).toBe(200);

    let i = 0;
    const result = await autocannon({
      url: server.base,
      connections: 200,
      duration: SECONDS,
      // as the dashboard's browsers ask (fetch above does too)
      headers: { ...headers, 'Accept-Encoding': 'gzip, deflate, br' },
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[i++ % paths.length] }) }],
    });
    const p99 = result.latency.p99;
    console.log(`R7: ${result.requests.total} requests in ${SECONDS} s (${Math.round(result.requests.average)} req/s), p50 ${result.latency.p50} ms, p99 ${p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}, timeouts ${result.timeouts}`);
    expect(result.requests.total).toBeGreaterThan(200);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    if (FULL) expect(p99).toBeLessThanOrEqual(1000);
  }, 600_000);
});
