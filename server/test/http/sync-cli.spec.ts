import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';

/**
 * `npm run sync -- <source>|--all`: the backfill CLI (the compiled `dist/cli/sync.js`) against a
 * listening server: it starts each run through "sync now", follows the run log to the end,
 * prints progress, and its exit code says whether every run succeeded.
 */
const CLI = fileURLToPath(new URL('../../dist/cli/sync.js', import.meta.url));
const run = promisify(execFile);

describe('npm run sync (CLI)', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let admin: string;
  let base: string;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'bearing-sync-cli-'));
    const repo = join(tmp, 'api');
    mkdirSync(repo);
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo,
        env: { PATH: process.env.PATH, HOME: tmp, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@acme.test', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@acme.test' },
      });
    git('init', '-q', '-b', 'main');
    for (let i = 1; i <= 3; i++) {
      writeFileSync(join(repo, `f${i}.txt`), `${i}\n`);
      git('add', '-A');
      git('commit', '-q', '-m', `commit ${i}`);
    }
    db = await createTestDatabase('synccli');
    app = await createTestApp(db.url, { BEARING_GIT_CACHE_DIR: join(tmp, 'cache'), BEARING_SECRET_KEY: Buffer.alloc(32, 7).toString('hex') });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    admin = await adminToken(app);
    const create = (name: string, url: string) =>
      request(app.getHttpServer()).post('/api/v1/sources').set('Authorization', bearer(admin)).send({ kind: 'git', name, config: { url, repo: `acme/${name}` }, enabled: false });
    expect((await create('api', repo)).status).toBe(201);
    expect((await create('gone', join(tmp, 'does-not-exist'))).status).toBe(201);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const cli = (...args: string[]) =>
    run(process.execPath, [CLI, '--url', base, ...args], { env: { PATH: process.env.PATH, BEARING_TOKEN: admin } }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('syncs a named source to the end, prints its progress and exits 0', async () => {
    const res = await cli('api');
    expect(res.stderr).toContain("started git source 'api'");
    expect(res.stderr).toMatch(/api: succeeded after \d+ s — commit 3/);
    expect(res.stdout).toBe('1 succeeded, 0 failed\n');
    expect(res.code).toBe(0);
    expect(await db.query(`SELECT count(*)::int AS n FROM commits WHERE repo = 'acme/api'`)).toEqual([{ n: 3 }]);
  });

  it('exits 1 and names the failure when a run fails; 2 for bad usage', async () => {
    const res = await cli('gone');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('gone failed:');
    expect(res.stdout).toBe('0 succeeded, 1 failed\n');
    expect((await cli()).code).toBe(2);
    const unknown = await cli('nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no source with id or name 'nope'");
  });
});
