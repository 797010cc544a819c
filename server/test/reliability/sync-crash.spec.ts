import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { databaseDigest, rng } from './support/checksums.js';
import { type Slice, appendCommits, commitsSince, generateRepository } from './support/git-history.js';
import { type ServerProcess, authenticate, postFile, startServer } from './support/server-process.js';

/**
 * R2 crash safety, the sync half (quality.md): SIGKILL the server at seeded random points
 * during a SCHEDULED sync of a git source (the real scheduler: tick every second, the source's
 * cron every 2 s); restart; let the scheduler resume until a run succeeds; the database then
 * equals that of one uninterrupted sync of the same repository (checksums of every record and
 * derived-fact table), and the source's cursor is the same.
 *
 * Every kill lands in a real sync: before each restart a deterministic slice of new commits is
 * appended to the source repository (git fast-import, continuing `main`; every other slice
 * adds a tag the source turns into a deployment, every third one changes CODEOWNERS), so the
 * run the restarted scheduler starts has new history to list, write and derive, whatever the
 * killed run had committed. Each kill must find the run it aimed at still `running` (it is then
 * closed as abandoned after the restart). The reference is one uninterrupted sync of the FINAL
 * repository (the base history and every slice, built the same way in a second repository).
 *
 * After every restart it also checks the recovery: the run the killed process left `running`
 * is closed as failed ("abandoned") and the next run starts from the cursor the killed run
 * last committed.
 *
 * The base repository has enough commits for several 2,000-commit batches, tags as
 * deployments, a CODEOWNERS file and two branches. `npm test`: 2 kills, 3,000 commits and two
 * slices of 500; `npm run test:reliability` (RELIABILITY_FULL=1): 10 kills, 8,000 commits and
 * ten slices of 1,000.
 */
const FULL = process.env.RELIABILITY_FULL === '1';
const KILLS = FULL ? 10 : 2;
const COMMITS = FULL ? 8_000 : 3_000;
const SLICE = FULL ? 1_000 : 500;
const SEED = 20261124;
const SECRET_KEY = Buffer.alloc(32, 9).toString('base64');
const BASE_OWNERS = '* @r2/platform\n/api/ @r2/api dev1@r2.example\n';

/** Slice k (1…KILLS), appended before the k-th restart: a tag on odd k, a CODEOWNERS change when k % 3 = 2. */
function slice(k: number): Slice {
  return {
    label: `Slice ${k}`,
    seed: SEED + k,
    commits: SLICE,
    ...(k % 2 === 1 ? { tag: `v2.${k}.0` } : {}),
    ...(k % 3 === 2 ? { codeOwners: `${BASE_OWNERS}/web/ @r2/web dev${k % 12}@r2.example\n` } : {}),
  };
}
const SLICES = Array.from({ length: KILLS }, (_, i) => slice(i + 1));

interface RunRow {
  id: string;
  status: string;
  error: string | null;
  cursor_before: unknown;
  started_at: Date;
  finished_at: Date | null;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const runs = (db: TestDatabase): Promise<RunRow[]> => db.query<RunRow>(`SELECT id, status, error, cursor_before, started_at, finished_at FROM sync_runs ORDER BY started_at, id`);
const cursorOf = async (db: TestDatabase): Promise<unknown> => (await db.query<{ cursor: unknown }>(`SELECT cursor FROM sources`))[0]?.cursor ?? null;

describe('R2: SIGKILL during a scheduled sync, restart, resume → the same database as an uninterrupted sync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bearing-r2sync-'));
  /** the source of the killed server: the base history, then one more slice before each restart */
  const repo = join(dir, 'origin.git');
  /** the reference's source: the base history and every slice, before its one sync */
  const finalRepo = join(dir, 'final.git');
  const org = join(dir, 'org.ndjson');
  let reference: TestDatabase;
  let crashed: TestDatabase;

  beforeAll(async () => {
    await Promise.all([generateRepository(repo, { commits: COMMITS, tagEvery: 100, seed: SEED }), generateRepository(finalRepo, { commits: COMMITS, tagEvery: 100, seed: SEED })]);
    for (const s of SLICES) await appendCommits(finalRepo, s);
    // the repository and its deployment service belong to a squad, so the sync's recompute derives their facts
    const records = [
      { type: 'group', key: 'r2', name: 'R2' },
      { type: 'squad', key: 'r2-squad', name: 'R2 squad', group: 'r2' },
      { type: 'repository', key: 'r2/origin', squads: ['r2-squad'], defaultBranch: 'main' },
      { type: 'service', key: 'r2-svc', name: 'R2 service', squads: ['r2-squad'], repositories: ['r2/origin'] },
    ];
    writeFileSync(org, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    [reference, crashed] = await Promise.all([createTestDatabase('r2sref'), createTestDatabase('r2scrash')]);
  }, 120_000);

  /** every server process started here, so a failing test leaves none behind */
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill('SIGKILL')));
    await reference?.drop();
    await crashed?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A server process on `db` with the scheduler ticking every second and its own data dir (git mirrors). */
  async function start(db: TestDatabase, dataDir: string): Promise<ServerProcess> {
    const server = await startServer(db.url, { BEARING_SCHEDULER: 'true', BEARING_SCHEDULER_TICK_SECONDS: '1', BEARING_DATA_DIR: dataDir, BEARING_SECRET_KEY: SECRET_KEY });
    servers.push(server);
    return server;
  }

  /** Imports the org and adds the git source on `url` (same repository key either way), enabled on a 2-second cron: the next tick starts its first run. */
  async function setUp(server: ServerProcess, url: string): Promise<string> {
    const headers = await authenticate(server.base);
    const imported = await postFile(server.base, '/api/v1/import?mode=strict', org, headers);
    expect(imported.status).toBe(200);
    const res = await fetch(`${server.base}/api/v1/sources`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'git',
        name: 'r2-origin',
        config: { url, repo: 'r2/origin', blobless: false, tagDeploys: { pattern: '^v\\d+\\.\\d+\\.\\d+$', service: 'r2-svc' } },
        cron: '*/2 * * * * *',
        enabled: true,
      }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  /** Waits for a run started after `known` to succeed, disables the source and waits for quiet (the server keeps running). */
  async function settle(server: ServerProcess, db: TestDatabase, sourceId: string, known: Set<string>): Promise<RunRow> {
    const done = await waitFor('a successful run', async () => (await runs(db)).find((r) => !known.has(r.id) && r.status === 'succeeded'), FULL ? 300_000 : 120_000);
    const headers = await authenticate(server.base);
    const res = await fetch(`${server.base}/api/v1/sources/${sourceId}`, { method: 'PATCH', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ enabled: false }) });
    expect(res.status).toBe(200);
    await waitFor('no run in flight', async () => ((await runs(db)).some((r) => r.status === 'running') ? null : true));
    return done;
  }

  it(`converges to the uninterrupted result after ${KILLS} kills, each during a real sync (new commits before every restart), recovering each abandoned run`, async () => {
    // the reference: one uninterrupted scheduled sync of the final repository
    const refServer = await start(reference, join(dir, 'data-ref'));
    const refSource = await setUp(refServer, finalRepo);
    const refRun = await settle(refServer, reference, refSource, new Set());
    const runMs = refRun.finished_at!.getTime() - refRun.started_at.getTime();
    // uninterrupted: every run succeeded (the first did the sync; the 2-second cron may have run no-op ones before the source was disabled)
    expect((await runs(reference)).filter((r) => r.status !== 'succeeded')).toEqual([]);
    const expected = await databaseDigest(reference, ['sources', 'sync_runs']);
    const expectedCursor = await cursorOf(reference);
    // a full recompute of the same data changes nothing (what the retry after an abandoned run
    // does equals what the first sync derived); its time splits the run's into deriving and the rest
    const refHeaders = await authenticate(refServer.base);
    const recomputeStarted = Date.now();
    const recomputed = await fetch(`${refServer.base}/api/v1/metrics/recompute`, { method: 'POST', headers: refHeaders });
    expect(recomputed.status).toBe(200);
    const recomputeMs = Date.now() - recomputeStarted;
    expect(await databaseDigest(reference, ['sources', 'sync_runs'])).toEqual(expected);
    await refServer.kill('SIGTERM');
    // the sync wrote the final history: every commit of both branches (COMMITS on main + 20 on
    // feature + SLICE per slice) and a deployment per tag (one per 100 base commits, one per odd slice)
    const total = COMMITS + 20 + KILLS * SLICE;
    expect(expected.commits).toMatch(new RegExp(`^${total}:`));
    expect(expected.deployments).toMatch(new RegExp(`^${Math.floor((COMMITS - 1) / 100) + SLICES.filter((s) => s.tag).length}:`));
    // the rules of the last CODEOWNERS committed (3 once a slice changed it)
    const owners = [BASE_OWNERS, ...SLICES.flatMap((s) => (s.codeOwners ? [s.codeOwners] : []))].at(-1)!;
    expect(expected.code_owners).toMatch(new RegExp(`^${owners.trim().split('\n').length}:`));

    /**
     * How long the run about to be killed should take, scaled from the reference: listing and
     * writing `pending` commits (those not reachable from its cursor) plus deriving the facts of
     * all `present` ones (every retry after an abandoned run rebuilds every fact).
     */
    const expectedMs = (pending: number, present: number): number => (recomputeMs * present + Math.max(runMs - recomputeMs, 0) * pending) / total;

    const random = rng(SEED);
    const dataDir = join(dir, 'data-crash');
    const seen = new Set<string>();
    let sourceId = '';
    let previous: { killed: string; cursor: unknown } | null = null;
    const kills: { delay: number; expected: number; pending: number; midRun: boolean; phase: string }[] = [];
    for (let i = 0; i < KILLS; i++) {
      // new history before every restart, so the run the restarted scheduler starts is a real sync
      if (i > 0) await appendCommits(repo, SLICES[i - 1]!);
      const server = await start(crashed, dataDir);
      if (i === 0) sourceId = await setUp(server, repo);
      const run = await waitFor('a scheduled run to start', async () => (await runs(crashed)).find((r) => r.status === 'running' && !seen.has(r.id)));
      for (const r of await runs(crashed)) seen.add(r.id);
      if (previous) {
        // recovery: the killed run is closed as failed, and the new run resumes from its last committed cursor
        // (a kill that missed its run is reported with the others at the end)
        if (kills.at(-1)!.midRun) expect((await runs(crashed)).find((r) => r.id === previous!.killed)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^abandoned:/) });
        expect(run.cursor_before).toEqual(previous.cursor);
      }
      // a seeded point between 5 % and 85 % of the run's expected length, from its start
      const pending = commitsSince(repo, Object.values((run.cursor_before as { refs?: Record<string, string> } | null)?.refs ?? {}));
      const expectedRun = expectedMs(pending, COMMITS + 20 + i * SLICE);
      const delay = Math.round((0.05 + random() * 0.8) * expectedRun);
      await new Promise((r) => setTimeout(r, Math.max(0, run.started_at.getTime() + delay - Date.now())));
      expect(await server.kill('SIGKILL')).toBe('SIGKILL');
      const after = await runs(crashed);
      // every run so far: the next iteration waits for a run of the NEXT process
      for (const r of after) seen.add(r.id);
      const cursor = await cursorOf(crashed);
      const midRun = after.find((r) => r.id === run.id)?.status === 'running';
      // where it died: before the run's last batch (its cursor unchanged), or after it, deriving the facts
      const phase = JSON.stringify(cursor) === JSON.stringify(run.cursor_before) ? 'writing' : 'deriving';
      previous = { killed: run.id, cursor };
      kills.push({ delay, expected: Math.round(expectedRun), pending, midRun, phase });
    }

    // the last slice, then a restart: the scheduler closes the abandoned run and resumes until a run succeeds
    await appendCommits(repo, SLICES[KILLS - 1]!);
    const server = await start(crashed, dataDir);
    for (const r of await runs(crashed)) seen.add(r.id);
    const last = await settle(server, crashed, sourceId, seen);
    await server.kill('SIGTERM');
    const rows = await runs(crashed);
    if (kills.at(-1)!.midRun) expect(rows.find((r) => r.id === previous!.killed)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^abandoned:/) });
    expect(last.cursor_before).toEqual(previous!.cursor);
    expect(rows.filter((r) => r.status === 'running')).toEqual([]);
    const midRun = kills.filter((k) => k.midRun).length;
    console.log(
      `R2 sync: uninterrupted run of ${total} commits ${runMs} ms (full recompute ${recomputeMs} ms); ${midRun} of ${KILLS} kills mid-run, at ` +
        kills.map((k) => `${k.delay} of ~${k.expected} ms (${k.pending} commits to list, ${k.midRun ? k.phase : 'AFTER the run'})`).join(', ') +
        `; ${rows.length} runs in all`,
    );

    expect(await cursorOf(crashed)).toEqual(expectedCursor);
    expect(await databaseDigest(crashed, ['sources', 'sync_runs'])).toEqual(expected);
    // every kill landed while the run it aimed at was running (closed as abandoned above)
    expect(kills.filter((k) => !k.midRun)).toEqual([]);
  }, FULL ? 1_800_000 : 300_000);
});
