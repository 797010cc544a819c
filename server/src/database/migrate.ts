import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';

/** Arbitrary constant key for the migration advisory lock (replicas starting together wait here). */
const MIGRATION_LOCK = 4_217_001;

/** Runs pending migrations once across replicas (session advisory lock). Returns their names. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource({ ...dataSourceOptions(url, 1), logging: false });
  await ds.initialize();
  try {
    await ds.query('SET statement_timeout = 0'); // waiting for another replica's migrations is fine
    await ds.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const done = await ds.runMigrations({ transaction: 'each' });
      return done.map((m) => m.name);
    } finally {
      await ds.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await ds.destroy();
  }
}
