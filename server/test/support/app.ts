import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';

/** The real Nest app on a test database (no web assets, quiet logs). */
export async function createTestApp(databaseUrl: string, env: Record<string, string> = {}): Promise<NestExpressApplication> {
  // the scheduler tick is off in tests unless a test turns it on (tests call SyncService.tick() themselves)
  const config = loadConfig({ LOG_LEVEL: 'silent', BEARING_DEMO: 'false', BEARING_SCHEDULER: 'false', ...env });
  const app = await createApp(config, databaseUrl, { webDistDir: null, logger: false });
  await app.init();
  return app;
}
