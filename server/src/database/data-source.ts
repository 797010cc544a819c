import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

export function dataSourceOptions(url: string, poolSize = 10, statementTimeoutMs = 30000): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      statement_timeout: statementTimeoutMs,
      idleTimeoutMillis: 30000,
      application_name: 'bearing',
    },
  };
}

/**
 * Used by the TypeORM CLI to generate migrations (`npm run migration:generate -w server`,
 * with DATABASE_URL pointing at a database migrated to the latest committed migration).
 */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://localhost/bearing'));
