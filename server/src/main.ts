import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/config.js';
import { AuthBootstrapService } from './auth/services/auth-bootstrap.service.js';
import { createApp } from './bootstrap.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres.js';
import { runMigrations } from './database/migrate.js';
import { OrgRepository } from './org/org.repository.js';
import { seedDemoIfEmpty } from './seed/demo-seed.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = new Logger('Bearing');
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.log(`No DATABASE_URL: starting embedded PostgreSQL in ${config.dataDir}/pg (port ${config.embeddedPgPort})`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    databaseUrl = embedded.url;
  }
  const stopDatabase = async () => {
    if (embedded) {
      const db = embedded;
      embedded = null;
      await db.stop();
    }
  };
  try {
    const applied = await runMigrations(databaseUrl);
    if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
    const app = await createApp(config, databaseUrl);
    await app.init();
    await app.get(OrgRepository).initialiseSettings(config.timeZone);
    // first start: an admin from BEARING_ADMIN_EMAIL/PASSWORD, or with a generated password logged once
    await app.get(AuthBootstrapService).ensureFirstAdmin(logger);
    if (config.demo) await seedDemoIfEmpty(app, logger, new Date());
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      logger.log(`${signal} received: closing`);
      try {
        await app.close();
      } finally {
        await stopDatabase();
        process.exit(0);
      }
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    // Node's default limit on receiving a whole request (300 s) cuts a large streamed NDJSON
    // import off mid-body; headers still must arrive within headersTimeout (60 s)
    const http = app.getHttpServer() as import('node:http').Server;
    http.requestTimeout = 0;
    await app.listen(config.port, config.host);
    logger.log(`Bearing is listening on http://localhost:${config.port} (API docs: /api/docs)`);
  } catch (err) {
    logger.error(err);
    await stopDatabase();
    process.exit(1);
  }
}

void main();
