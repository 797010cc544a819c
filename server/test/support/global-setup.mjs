// Plain ESM (Jest loads global setup outside its module transform): uses the compiled server,
// so the server is built first (`npm test` does it).
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../dist/database/embedded-postgres.js';
import { runMigrations } from '../../dist/database/migrate.js';

const TEMPLATE_DB = 'bearing_test_template';

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts one real PostgreSQL for the whole run (embedded-postgres, or TEST_DATABASE_URL when
 * given) and builds a migrated template database; each test file clones it (test/support/db.ts).
 */
export default async function globalSetup() {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dataDir = fileURLToPath(new URL('../../.test-pg', import.meta.url));
    await rm(dataDir, { recursive: true, force: true });
    const db = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    globalThis.__BEARING_PG__ = db;
    adminUrl = db.url;
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await client.end();
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  await runMigrations(templateUrl.toString());
  process.env.BEARING_TEST_ADMIN_URL = adminUrl;
}
