import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { generateDemo } from '../../src/demo/generator.js';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { databaseDigest, rng } from './support/checksums.js';
import { authenticate, postFile, startServer } from './support/server-process.js';

/**
 * R2 crash safety (quality.md): SIGKILL the server at seeded random points during a large
 * import; after a restart and a re-run the database equals that of an uninterrupted run
 * (whole-database checksums), and a strict import is never half-visible.
 *
 * `npm test` kills 3 times during a 15,000-record import; `npm run test:reliability` kills 10
 * times during the whole demo organisation (RELIABILITY_FULL=1).
 */
const FULL = process.env.RELIABILITY_FULL === '1';
const KILLS = FULL ? 10 : 3;
const RECORDS = FULL ? Infinity : 15_000;

async function canonicalRows(db: TestDatabase): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    `SELECT ((SELECT count(*) FROM commits) + (SELECT count(*) FROM pull_requests) + (SELECT count(*) FROM deployments) + (SELECT count(*) FROM people))::text AS n`,
  );
  return Number(row!.n);
}

describe('R2: SIGKILL during an import, restart, re-run → the same database as an uninterrupted run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bearing-r2-'));
  const file = join(dir, 'org.ndjson');
  let reference: TestDatabase;
  let crashed: TestDatabase;

  beforeAll(async () => {
    const out = createWriteStream(file);
    let n = 0;
    for (const r of generateDemo({ size: 'S', seed: 7, end: new Date(Date.UTC(2026, 9, 1)) })) {
      if (n++ >= RECORDS) break;
      if (!out.write(`${JSON.stringify(r)}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    [reference, crashed] = await Promise.all([createTestDatabase('r2ref'), createTestDatabase('r2crash')]);
  }, 120_000);

  afterAll(async () => {
    await reference?.drop();
    await crashed?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function importOnce(db: TestDatabase): Promise<number> {
    const server = await startServer(db.url);
    try {
      const headers = await authenticate(server.base);
      const started = Date.now();
      const res = await postFile(server.base, '/api/v1/import?mode=strict', file, headers);
      expect(res.status).toBe(200);
      return Date.now() - started;
    } finally {
      await server.kill('SIGTERM');
    }
  }

  it(`is all-or-nothing under ${KILLS} kills and converges to the uninterrupted result`, async () => {
    const importMs = await importOnce(reference);
    const expected = await databaseDigest(reference);
    expect(Number(expected.commits!.split(':')[0])).toBeGreaterThan(1000);

    const random = rng(20261123);
    for (let i = 0; i < KILLS; i++) {
      const server = await startServer(crashed.url);
      const headers = await authenticate(server.base);
      // kill anywhere from the first bytes to just after the import would have finished
      const delay = Math.round(50 + random() * importMs * 1.1);
      const upload = postFile(server.base, '/api/v1/import?mode=strict', file, headers);
      const killed = new Promise<void>((resolve) =>
        setTimeout(() => {
          void server.kill('SIGKILL').then(() => resolve());
        }, delay),
      );
      const res = await upload;
      await killed;
      // a strict import is never half-visible: all its records, or none of them
      const rows = await canonicalRows(crashed);
      const full = await canonicalRows(reference);
      expect([0, full]).toContain(rows);
      if (res.status === 200) expect(rows).toBe(full);
    }

    await importOnce(crashed);
    expect(await databaseDigest(crashed)).toEqual(expected);
  }, FULL ? 1_800_000 : 600_000);
});
