import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { z } from 'zod';
import { Clock } from '../../src/common/clock.js';
import type { Connector, SyncContext } from '../../src/connectors/connector.js';
import { ConnectorRegistry } from '../../src/connectors/registry.js';
import { ABANDONED_RUN_ERROR, SyncService } from '../../src/connectors/sync.service.js';
import { SourcesRepository } from '../../src/connectors/sources.repository.js';
import { ImportService } from '../../src/ingest/import.service.js';
import { type TestDatabase, createTestDatabase, rowCounts, tableDigests } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer, createToken, createUser, login } from '../support/auth.js';

const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

/**
 * A fake connector standing in for the `git` kind (the framework is under test, not git):
 *   mode ok      → one batch of 2 commits, cursor {step:1}
 *   mode fail    → throws before committing anything
 *   mode partial → run 1 commits batch 1 (cursor {step:1}) then throws; a later run starts
 *                  from {step:1}, commits batch 2 (cursor {step:2}) and succeeds
 */
const calls: { sourceId: string; cursor: unknown }[] = [];
const commit = (sha: string, at: string) => ({
  type: 'commit' as const,
  repo: 'acme/fake',
  sha,
  parents: [],
  author: 'ana@acme.test',
  authoredAt: at,
  committedAt: at,
  message: `commit ${sha}`,
});
const fake: Connector<{ mode: string }, { step: number }> = {
  kind: 'git',
  configSchema: z.object({ mode: z.enum(['ok', 'fail', 'partial']) }).strict(),
  secretKeys: ['token'],
  async sync(ctx: SyncContext<{ mode: string }, { step: number }>) {
    calls.push({ sourceId: ctx.sourceId, cursor: ctx.cursor });
    if (ctx.config.mode === 'fail') throw new Error('upstream answered 500');
    if (ctx.config.mode === 'ok') {
      await ctx.commit({ records: [commit('aaaa01', '2026-03-01T09:00:00Z'), commit('aaaa02', '2026-03-01T09:30:00Z')], cursor: { step: 1 } });
      return;
    }
    if (!ctx.cursor) {
      await ctx.commit({ records: [commit('bbbb01', '2026-03-01T08:00:00Z')], cursor: { step: 1 } });
      throw new Error('connection reset mid-run');
    }
    await ctx.commit({ records: [commit('bbbb02', '2026-03-01T08:30:00Z')], cursor: { step: ctx.cursor.step + 1 } });
  },
};

describe('sources: admin API, scheduler, run log', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let app2: NestExpressApplication;
  let admin: string;
  let now = new Date('2026-03-01T10:07:00Z');
  const api = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase('src');
    // two "replicas" on one database
    app = await createTestApp(db.url, { BEARING_SECRET_KEY: SECRET_KEY });
    app2 = await createTestApp(db.url, { BEARING_SECRET_KEY: SECRET_KEY });
    for (const a of [app, app2]) {
      a.get(ConnectorRegistry).override(fake);
      a.get(Clock).now = () => now;
    }
    admin = await adminToken(app);
  });

  afterAll(async () => {
    await app.close();
    await app2.close();
    await db.drop();
  });

  const create = (body: Record<string, unknown>) => api().post('/api/v1/sources').set('Authorization', bearer(admin)).send(body);

  it('creates, reads, edits and deletes sources; secrets are encrypted and never returned', async () => {
    const res = await create({ kind: 'git', name: 'crud', config: { mode: 'ok' }, secrets: { token: 'ghp_supersecret' }, cron: '*/15 * * * *', enabled: false });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'git', name: 'crud', config: { mode: 'ok' }, secretsSet: ['token'], cron: '*/15 * * * *', enabled: false, status: 'disabled', nextRunAt: null });
    expect(JSON.stringify(res.body)).not.toContain('supersecret');
    const id = res.body.id as string;
    const [row] = await db.query<{ secrets_encrypted: string; config: unknown }>(`SELECT secrets_encrypted, config FROM sources WHERE id = $1`, [id]);
    expect(row!.secrets_encrypted).toMatch(/^v1:/);
    expect(row!.secrets_encrypted).not.toContain('supersecret');
    expect(JSON.stringify(row)).not.toContain('supersecret');

    const list = await api().get('/api/v1/sources').set('Authorization', bearer(admin));
    expect(list.status).toBe(200);
    expect(list.body.map((s: { name: string }) => s.name)).toContain('crud');
    expect(JSON.stringify(list.body)).not.toContain('supersecret');

    // enabling schedules it on its cron: 10:07 → next */15 is 10:15
    const patched = await api().patch(`/api/v1/sources/${id}`).set('Authorization', bearer(admin)).send({ enabled: true, secrets: { token: '' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ enabled: true, status: 'idle', secretsSet: [], nextRunAt: '2026-03-01T10:15:00.000Z' });

    const audit = await db.query<{ action: string; details: unknown }>(`SELECT action, details FROM audit_log WHERE target = $1 ORDER BY at`, [`source:${id}`]);
    expect(audit.map((a) => a.action)).toEqual(['source.create', 'source.update']);
    expect(JSON.stringify(audit)).not.toContain('supersecret');

    expect((await api().delete(`/api/v1/sources/${id}`).set('Authorization', bearer(admin))).status).toBe(204);
    expect((await api().get(`/api/v1/sources/${id}`).set('Authorization', bearer(admin))).status).toBe(404);
  });

  it('rejects bad input naming the field, and writes nothing', async () => {
    const before = await db.query<{ n: string }>(`SELECT count(*) AS n FROM sources`);
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'svn', name: 'x', config: {} }, 'kind'],
      [{ kind: 'git', name: 'x', config: { mode: 'sometimes' } }, 'config.mode'],
      [{ kind: 'git', name: 'x', config: {} }, 'config.mode'],
      [{ kind: 'git', name: 'x', config: { mode: 'ok' }, cron: 'every hour' }, 'cron'],
      [{ kind: 'git', name: 'x', config: { mode: 'ok' }, secrets: { password: 'p' } }, 'secrets.password'],
      [{ kind: 'git', name: '', config: { mode: 'ok' } }, 'name'],
      [{ kind: 'git', name: 'x', config: { mode: 'ok' }, colour: 'blue' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect([res.status, res.body.error?.details?.field]).toEqual([400, field]);
    }
    expect(await db.query(`SELECT count(*) AS n FROM sources`)).toEqual(before);
    // the real git connector's schema names config.url
    const real = await createTestApp(db.url, { BEARING_SECRET_KEY: SECRET_KEY });
    try {
      const t = await adminToken(real);
      const res = await request(real.getHttpServer()).post('/api/v1/sources').set('Authorization', bearer(t)).send({ kind: 'git', name: 'no url', config: {} });
      expect([res.status, res.body.error.details.field]).toEqual([400, 'config.url']);
    } finally {
      await real.close();
    }
  });

  it('duplicate names are a 409', async () => {
    expect((await create({ kind: 'git', name: 'twice', config: { mode: 'ok' }, enabled: false })).status).toBe(201);
    const again = await create({ kind: 'git', name: 'twice', config: { mode: 'ok' } });
    expect([again.status, again.body.error.details.field]).toEqual([409, 'name']);
  });

  it('is admin only: other roles and read/ingest tokens get 403', async () => {
    const lead = await createUser(app, { roles: ['practice_lead', 'vp'] });
    const s = await login(app, lead.email);
    expect((await api().get('/api/v1/sources').set('Cookie', s.cookie)).status).toBe(403);
    expect((await api().post('/api/v1/sources').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken).send({ kind: 'git', name: 'n', config: { mode: 'ok' } })).status).toBe(403);
    for (const scope of ['read', 'ingest'] as const) {
      const t = await createToken(app, [scope]);
      expect((await api().get('/api/v1/sync-runs').set('Authorization', bearer(t.secret))).status).toBe(403);
    }
  });

  it('two replicas ticking at the same moment run each due source exactly once; a failing source does not stop the others and backs off', async () => {
    await db.query(`DELETE FROM sources`);
    calls.length = 0;
    now = new Date('2026-03-01T10:07:00Z');
    const ids: Record<string, string> = {};
    for (const [name, mode] of [['ok-1', 'ok'], ['ok-2', 'ok'], ['broken', 'fail'], ['flaky', 'partial']] as const) {
      const res = await create({ kind: 'git', name, config: { mode }, cron: '0 * * * *' });
      expect(res.status).toBe(201);
      ids[name] = res.body.id;
    }
    // a new source is due at once (next_run_at = creation time)
    const [a, b] = await Promise.all([app.get(SyncService).tick(), app2.get(SyncService).tick()]);
    await Promise.all([app.get(SyncService).idle(), app2.get(SyncService).idle()]);
    expect(a.length + b.length).toBe(4);
    expect(calls.map((c) => c.sourceId).sort()).toEqual(Object.values(ids).sort());

    // the same tick again: nothing is due any more (next run 11:00, or the backoff)
    expect([...(await app.get(SyncService).tick()), ...(await app2.get(SyncService).tick())]).toEqual([]);

    const get = async (id: string) => (await api().get(`/api/v1/sources/${id}`).set('Authorization', bearer(admin))).body;
    expect(await get(ids['ok-1']!)).toMatchObject({ status: 'ok', consecutiveFailures: 0, nextRunAt: '2026-03-01T11:00:00.000Z', lastError: null });
    expect(await get(ids['ok-2']!)).toMatchObject({ status: 'ok' });
    // failure 1: retry after 1 min × 2^0 = 10:08 (before the next cron time 11:00)
    expect(await get(ids.broken!)).toMatchObject({ status: 'failed', consecutiveFailures: 1, lastError: 'upstream answered 500', nextRunAt: '2026-03-01T10:08:00.000Z' });
    expect(await get(ids.flaky!)).toMatchObject({ status: 'failed', consecutiveFailures: 1, lastError: 'connection reset mid-run' });
    // the flaky run committed batch 1 before dying: its record and cursor are stored
    expect((await db.query(`SELECT cursor FROM sources WHERE id = $1`, [ids.flaky]))[0]).toEqual({ cursor: { step: 1 } });
    expect(await db.query(`SELECT sha FROM commits WHERE sha LIKE 'bbbb%' ORDER BY sha`)).toEqual([{ sha: 'bbbb01' }]);

    // 10:08:30: the retries are due; the flaky one resumes from its last committed cursor
    calls.length = 0;
    now = new Date('2026-03-01T10:08:30Z');
    const retried = await app.get(SyncService).tick();
    await app.get(SyncService).idle();
    expect(retried).toHaveLength(2);
    expect(calls.find((c) => c.sourceId === ids.flaky)!.cursor).toEqual({ step: 1 });
    expect(await get(ids.flaky!)).toMatchObject({ status: 'ok', consecutiveFailures: 0, lastError: null });
    expect(await db.query(`SELECT sha FROM commits WHERE sha LIKE 'bbbb%' ORDER BY sha`)).toEqual([{ sha: 'bbbb01' }, { sha: 'bbbb02' }]);
    // failure 2: 1 min × 2^1 = 2 min after 10:08:30
    expect(await get(ids.broken!)).toMatchObject({ status: 'failed', consecutiveFailures: 2, nextRunAt: '2026-03-01T10:10:30.000Z' });

    // the run log
    const runs = await api().get(`/api/v1/sources/${ids.flaky}/runs`).set('Authorization', bearer(admin));
    expect(runs.status).toBe(200);
    expect(runs.body.rows.map((r: { trigger: string; status: string; cursorBefore: unknown; cursorAfter: unknown; recordsByType: unknown; error: string | null }) => [r.trigger, r.status, r.cursorBefore, r.cursorAfter, r.recordsByType, r.error])).toEqual([
      ['retry', 'succeeded', { step: 1 }, { step: 2 }, { commit: 1 }, null],
      ['schedule', 'failed', null, { step: 1 }, { commit: 1 }, 'connection reset mid-run'],
    ]);
    const failed = await api().get('/api/v1/sync-runs?status=failed&limit=1').set('Authorization', bearer(admin));
    expect(failed.body.rows).toHaveLength(1);
    expect(failed.body.rows[0]).toMatchObject({ sourceName: 'broken', status: 'failed' });
    const page2 = await api().get(`/api/v1/sync-runs?status=failed&limit=1&cursor=${failed.body.nextCursor}`).set('Authorization', bearer(admin));
    expect(page2.body.rows[0].id).not.toBe(failed.body.rows[0].id);
    expect((await api().get('/api/v1/sync-runs?status=maybe').set('Authorization', bearer(admin))).body.error.details.field).toBe('status');

    const metrics = await api().get('/metrics').set('Authorization', bearer(admin));
    // the second failure ran on this replica (the first on either)
    expect(metrics.text).toMatch(/bearing_sync_runs_total\{source="broken",status="failed"\} [12]\n/);
    expect(metrics.text).toMatch(/bearing_sync_run_duration_seconds_count\{kind="git",status="failed"\} [1-9]/);
  });

  it('sync now: 202 with the run id, the run proceeds in the background; re-syncing the same data changes nothing', async () => {
    const res = await create({ kind: 'git', name: 'manual', config: { mode: 'ok' }, enabled: false });
    const id = res.body.id as string;
    const first = await api().post(`/api/v1/sources/${id}/sync`).set('Authorization', bearer(admin));
    expect(first.status).toBe(202);
    expect(first.body.runId).toMatch(/^[0-9a-f-]{36}$/);
    await app.get(SyncService).idle();
    const counts = await rowCounts(db);
    const digests = await tableDigests(db);
    now = new Date(now.getTime() + 60_000);
    const second = await api().post(`/api/v1/sources/${id}/sync`).set('Authorization', bearer(admin));
    expect(second.status).toBe(202);
    await app.get(SyncService).idle();
    expect(await rowCounts(db)).toEqual(counts);
    expect(await tableDigests(db)).toEqual(digests);
    const runs = await api().get(`/api/v1/sources/${id}/runs`).set('Authorization', bearer(admin));
    expect(runs.body.rows.map((r: { id: string; trigger: string; status: string }) => [r.id, r.trigger, r.status])).toEqual([
      [second.body.runId, 'manual', 'succeeded'],
      [first.body.runId, 'manual', 'succeeded'],
    ]);
  });

  it('a manual run and a scheduled run never overlap (per-source advisory lock)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: Connector<{ mode: string }, unknown> = { ...fake, sync: async () => gate };
    app.get(ConnectorRegistry).override(slow);
    app2.get(ConnectorRegistry).override(slow);
    try {
      const res = await create({ kind: 'git', name: 'slow', config: { mode: 'ok' }, cron: '0 * * * *' });
      const id = res.body.id as string;
      expect((await api().post(`/api/v1/sources/${id}/sync`).set('Authorization', bearer(admin))).status).toBe(202);
      // the source is due (created now) but its lock is held by the manual run on replica 1
      expect(await app2.get(SyncService).tick()).toEqual([]);
      const busy = await request(app2.getHttpServer()).post(`/api/v1/sources/${id}/sync`).set('Authorization', bearer(admin));
      expect(busy.status).toBe(409);
      release();
      await app.get(SyncService).idle();
    } finally {
      release();
      app.get(ConnectorRegistry).override(fake);
      app2.get(ConnectorRegistry).override(fake);
    }
  });
  it('a run left running by a process that died is closed as failed at the next tick and retried from its cursor; a live run on another replica is left alone', async () => {
    await db.query(`DELETE FROM sync_runs`);
    await db.query(`DELETE FROM sources`);
    calls.length = 0;
    now = new Date('2026-03-01T10:20:00Z');
    const dead = (await create({ kind: 'git', name: 'killed', config: { mode: 'partial' }, cron: '0 * * * *' })).body.id as string;
    const live = (await create({ kind: 'git', name: 'elsewhere', config: { mode: 'ok' }, cron: '0 * * * *' })).body.id as string;
    // what a SIGKILL leaves: claimed (next run 11:00), batch 1 and its cursor committed, the run row still 'running'
    await db.query(`UPDATE sources SET next_run_at = '2026-03-01T11:00:00Z', status = 'running', cursor = '{"step":1}'::jsonb`);
    // ... and records the dead run committed but never derived facts for (killed before its recompute), in a
    // repository the retry itself will not touch: only a full recompute derives them
    await app.get(ImportService).ingestBatch(
      [
        { type: 'squad', key: 'dead-squad', name: 'Dead squad' },
        { type: 'repository', key: 'acme/dead', squads: ['dead-squad'] },
        { ...commit('dddd01', '2026-03-01T07:00:00Z'), repo: 'acme/dead' },
      ],
      { recompute: false },
    );
    expect(await db.query(`SELECT sha FROM commit_facts WHERE repo = 'acme/dead'`)).toEqual([]);
    await db.query(
      `INSERT INTO sync_runs (id, source_id, trigger, status, started_at, cursor_before, records_by_type, warnings)
       VALUES ('00000000-0000-4000-8000-000000000001', $1, 'schedule', 'running', '2026-03-01T10:00:00Z', 'null'::jsonb, '{}', '[]'),
              ('00000000-0000-4000-8000-000000000002', $2, 'schedule', 'running', '2026-03-01T10:00:00Z', 'null'::jsonb, '{}', '[]')`,
      [dead, live],
    );
    // replica 1 is really running "elsewhere": it holds that source's lock
    const held = (await app.get(SourcesRepository).tryLock(live))!;
    try {
      expect(await app2.get(SyncService).tick()).toEqual([]);
    } finally {
      await held.release();
    }
    const runs = await db.query<{ source_id: string; status: string; error: string | null; finished_at: Date | null }>(`SELECT source_id, status, error, finished_at FROM sync_runs ORDER BY id`);
    expect(runs).toEqual([
      { source_id: dead, status: 'failed', error: ABANDONED_RUN_ERROR, finished_at: now },
      { source_id: live, status: 'running', error: null, finished_at: null },
    ]);
    const get = async (id: string) => (await api().get(`/api/v1/sources/${id}`).set('Authorization', bearer(admin))).body;
    // failure 1 → retry 1 min × 2^0 after 10:20 = 10:21, before the next cron time 11:00
    expect(await get(dead)).toMatchObject({ status: 'failed', consecutiveFailures: 1, lastError: ABANDONED_RUN_ERROR, nextRunAt: '2026-03-01T10:21:00.000Z' });
    expect(await get(live)).toMatchObject({ status: 'running', consecutiveFailures: 0, nextRunAt: '2026-03-01T11:00:00.000Z' });

    // 10:21:30: the retry is due and resumes from the cursor the dead run committed
    now = new Date('2026-03-01T10:21:30Z');
    expect(await app2.get(SyncService).tick()).toHaveLength(1);
    await app2.get(SyncService).idle();
    expect(calls).toEqual([{ sourceId: dead, cursor: { step: 1 } }]);
    // the retry after an abandoned run rebuilt every fact, not only those of what it committed itself
    expect(await db.query(`SELECT sha FROM commit_facts WHERE repo = 'acme/dead'`)).toEqual([{ sha: 'dddd01' }]);
    expect(await get(dead)).toMatchObject({ status: 'ok', consecutiveFailures: 0, lastError: null });
    const log = await api().get(`/api/v1/sources/${dead}/runs`).set('Authorization', bearer(admin));
    expect(log.body.rows.map((r: { trigger: string; status: string; cursorBefore: unknown; cursorAfter: unknown }) => [r.trigger, r.status, r.cursorBefore, r.cursorAfter])).toEqual([
      ['retry', 'succeeded', { step: 1 }, { step: 2 }],
      ['schedule', 'failed', null, null],
    ]);

    // "sync now" on a source with a dead run closes it too (the sync CLI would otherwise follow it forever)
    await db.query(`UPDATE sync_runs SET status = 'running', finished_at = NULL, error = NULL WHERE source_id = $1`, [live]);
    const manual = await api().post(`/api/v1/sources/${live}/sync`).set('Authorization', bearer(admin));
    expect(manual.status).toBe(202);
    await app.get(SyncService).idle();
    expect(await db.query(`SELECT status, error FROM sync_runs WHERE source_id = $1 ORDER BY started_at`, [live])).toEqual([
      { status: 'failed', error: ABANDONED_RUN_ERROR },
      { status: 'succeeded', error: null },
    ]);
  });
});
