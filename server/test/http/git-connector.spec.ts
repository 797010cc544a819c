import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { SyncService } from '../../src/connectors/sync.service.js';
import { type TestDatabase, createTestDatabase, rowCounts, tableDigests } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';

/**
 * The git connector end to end on a real repository built here: two branches and a merge, tags,
 * a CODEOWNERS file and a pattern folder; a full run, an incremental run (new commits, a new tag,
 * a pattern retired), a force-push, and a full re-sync that changes nothing.
 */
describe('git connector on a local repository', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let admin: string;
  let tmp: string;
  let repo: string;
  let sourceId: string;
  let clock = Date.parse('2026-03-02T09:00:00Z');

  let email = 'ana@acme.test';
  const git = (...args: string[]) => {
    clock += 60_000;
    const date = new Date(clock).toISOString().replace('.000Z', '+01:00').replace(/T(\d\d)/, (_m, h) => `T${h}`);
    return execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: tmp,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Dev',
        GIT_AUTHOR_EMAIL: email,
        GIT_COMMITTER_NAME: 'Dev',
        GIT_COMMITTER_EMAIL: email,
      },
    }).trim();
  };
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  const commitAs = (who: string, message: string) => {
    email = who;
    git('add', '-A');
    git('commit', '-q', '-m', message);
    email = 'ana@acme.test';
    return git('rev-parse', 'HEAD');
  };
  const api = () => request(app.getHttpServer());
  const sync = async () => {
    const res = await api().post(`/api/v1/sources/${sourceId}/sync`).set('Authorization', bearer(admin));
    expect(res.status).toBe(202);
    await app.get(SyncService).idle();
    const run = await api().get(`/api/v1/sources/${sourceId}/runs?limit=1`).set('Authorization', bearer(admin));
    return run.body.rows[0];
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'bearing-git-'));
    repo = join(tmp, 'web');
    mkdirSync(repo);
    git('init', '-q', '-b', 'main');
    write('README.md', 'hello\n');
    write('.github/CODEOWNERS', '# owners\n* @acme/platform\n/src/payments/ @acme/payments ana@acme.test\ndocs/** @acme/docs\n');
    write('docs/patterns/PAT-001.md', '---\nkey: PAT-001\ntitle: Retries with jitter\nstatus: active\nexamplePrs: [acme/web#1]\n---\nUse exponential backoff.\n');
    write('docs/patterns/queue.md', '---\nkey: PAT-002\ntitle: Old queue\n---\nUse the queue.\n');
    write('docs/patterns/broken.md', '---\ntitle: [unclosed\n---\nbody\n');
    commitAs('ana@acme.test', 'Initial commit');
    git('tag', 'v1.0.0');
    git('checkout', '-q', '-b', 'feature');
    write('src/payments/pay.ts', 'export const pay = 1;\nexport const fee = 2;\n');
    commitAs('bo@acme.test', 'Add payments');
    git('checkout', '-q', 'main');
    write('src/app.ts', 'console.log(1);\n');
    commitAs('ana@acme.test', 'Add app');
    git('merge', '-q', '--no-ff', 'feature', '-m', 'Merge feature');
    git('tag', '-a', 'v1.1.0', '-m', 'release 1.1');
    git('tag', 'experiment');

    db = await createTestDatabase('git');
    app = await createTestApp(db.url, { BEARING_GIT_CACHE_DIR: join(tmp, 'cache'), BEARING_SECRET_KEY: Buffer.alloc(32, 1).toString('hex') });
    admin = await adminToken(app);
    const res = await api()
      .post('/api/v1/sources')
      .set('Authorization', bearer(admin))
      .send({
        kind: 'git',
        name: 'web repo',
        config: { url: repo, repo: 'acme/web', patternsPath: 'docs/patterns', tagDeploys: { pattern: '^v\\d', service: 'web', environment: 'production' } },
        enabled: false,
      });
    expect(res.status).toBe(201);
    sourceId = res.body.id;
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('full run: commits with parents, authors, offsets and numstat; tags as deployments; CODEOWNERS; patterns', async () => {
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', error: null, recordsByType: { commit: 4, deployment: 2, pattern: 2 } });
    // the broken pattern file is reported, naming the file and field; the others still synced
    expect(run.warnings).toEqual([expect.objectContaining({ file: 'docs/patterns/broken.md', field: 'front matter' })]);
    expect(run.cursorAfter.refs).toEqual({ 'refs/heads/main': expect.any(String), 'refs/heads/feature': expect.any(String) });

    const commits = await db.query<{ sha: string; parents: string[]; author: string; message: string; authored_at: Date }>(
      `SELECT sha, parents, author, message, authored_at FROM commits WHERE repo = 'acme/web' ORDER BY authored_at`,
    );
    expect(commits.map((c) => [c.message, c.author, c.parents.length])).toEqual([
      ['Initial commit', 'ana@acme.test', 0],
      ['Add payments', 'bo@acme.test', 1],
      ['Add app', 'ana@acme.test', 1],
      ['Merge feature', 'ana@acme.test', 2],
    ]);
    // the first commit is the third git call (init, add, commit): 09:03+01:00, stored as the instant 08:03Z
    expect(commits[0]!.authored_at.toISOString()).toBe('2026-03-02T08:03:00.000Z');
    const [pay] = await db.query<{ files: unknown }>(`SELECT files FROM commits WHERE message = 'Add payments'`);
    expect(pay!.files).toEqual([{ path: 'src/payments/pay.ts', additions: 2, deletions: 0 }]);

    const deployments = await db.query(`SELECT id, service, environment, sha IS NOT NULL AS has_sha FROM deployments ORDER BY id`);
    expect(deployments).toEqual([
      { id: 'git:acme/web:tag:v1.0.0', service: 'web', environment: 'production', has_sha: true },
      { id: 'git:acme/web:tag:v1.1.0', service: 'web', environment: 'production', has_sha: true },
    ]);
    // the annotated tag is peeled to the merge commit
    const [v11] = await db.query<{ sha: string }>(`SELECT sha FROM deployments WHERE id = 'git:acme/web:tag:v1.1.0'`);
    expect(v11!.sha).toBe(git('rev-parse', 'main'));

    expect(await db.query(`SELECT position, pattern, owners, path FROM code_owners WHERE repo = 'acme/web' ORDER BY position`)).toEqual([
      { position: 1, pattern: '*', owners: ['@acme/platform'], path: '.github/CODEOWNERS' },
      { position: 2, pattern: '/src/payments/', owners: ['@acme/payments', 'ana@acme.test'], path: '.github/CODEOWNERS' },
      { position: 3, pattern: 'docs/**', owners: ['@acme/docs'], path: '.github/CODEOWNERS' },
    ]);
    expect(await db.query(`SELECT key, title, status, path FROM patterns ORDER BY key`)).toEqual([
      { key: 'PAT-001', title: 'Retries with jitter', status: 'active', path: 'docs/patterns/PAT-001.md' },
      { key: 'PAT-002', title: 'Old queue', status: 'active', path: 'docs/patterns/queue.md' },
    ]);
    // the pattern text and example PRs are kept in the raw payload
    const [raw] = await db.query<{ payload: { body: string; examplePrs: string[] } }>(`SELECT payload FROM raw_events WHERE external_id LIKE 'pattern:docs/patterns/PAT-001.md@%'`);
    expect(raw!.payload).toMatchObject({ body: 'Use exponential backoff.\n', examplePrs: ['acme/web#1'] });
  });

  it('incremental run: only the new commits, the new tag, and a pattern retired in a later commit', async () => {
    write('src/app.ts', 'console.log(2);\n');
    commitAs('ana@acme.test', 'Tweak app');
    write('docs/patterns/queue.md', '---\nkey: PAT-002\ntitle: Old queue\nstatus: retired\nretiredAt: 2026-03-03\nreplacedBy: PAT-001\nmigrationNote: Move to retries\n---\nUse the queue.\n');
    commitAs('ana@acme.test', 'Retire PAT-002');
    git('tag', 'v1.2.0');
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', recordsByType: { commit: 2, deployment: 1, pattern: 2 } });
    expect(await db.query(`SELECT key, status, retired_at, replaced_by, migration_note FROM patterns WHERE key = 'PAT-002'`)).toEqual([
      { key: 'PAT-002', status: 'retired', retired_at: new Date('2026-03-03T00:00:00Z'), replaced_by: 'PAT-001', migration_note: 'Move to retries' },
    ]);
    expect(Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM commits`))[0]!.n)).toBe(6);

    // nothing new: nothing written
    const idle = await sync();
    expect(idle).toMatchObject({ status: 'succeeded', recordsByType: {} });
  });

  it('a force-push: the rewritten branch is followed, nothing duplicates', async () => {
    git('checkout', '-q', 'feature');
    git('reset', '-q', '--hard', 'HEAD~1');
    write('src/payments/pay.ts', 'export const pay = 3;\n');
    commitAs('bo@acme.test', 'Payments, take two');
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', recordsByType: { commit: 1 } });
    expect(await db.query(`SELECT count(*)::int AS n FROM commits WHERE message LIKE 'Payments, take two'`)).toEqual([{ n: 1 }]);
    expect(run.cursorAfter.refs['refs/heads/feature']).toBe(git('rev-parse', 'feature'));
  });

  it('re-syncing everything from scratch leaves row counts and content identical (idempotent)', async () => {
    const counts = await rowCounts(db);
    const digests = await tableDigests(db);
    const owners = await db.query(`SELECT * FROM code_owners ORDER BY position`);
    await db.query(`UPDATE sources SET cursor = NULL WHERE id = $1`, [sourceId]);
    const run = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.recordsByType.commit).toBe(7);
    expect(await rowCounts(db)).toEqual(counts);
    expect(await tableDigests(db)).toEqual(digests);
    expect(await db.query(`SELECT * FROM code_owners ORDER BY position`)).toEqual(owners);
  });

  it('a repository that cannot be fetched fails the run with the error', async () => {
    const res = await api()
      .post('/api/v1/sources')
      .set('Authorization', bearer(admin))
      .send({ kind: 'git', name: 'missing repo', config: { url: join(tmp, 'nope') }, enabled: false });
    const id = res.body.id as string;
    await api().post(`/api/v1/sources/${id}/sync`).set('Authorization', bearer(admin));
    await app.get(SyncService).idle();
    const source = await api().get(`/api/v1/sources/${id}`).set('Authorization', bearer(admin));
    expect(source.body).toMatchObject({ status: 'failed', consecutiveFailures: 1, lastError: expect.stringMatching(/git clone failed/) });
  });
});
