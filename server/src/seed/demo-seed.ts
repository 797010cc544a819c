import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { generateDemo } from '../demo/generator.js';
import { ImportService } from '../ingest/import.service.js';
import { OrgRepository } from '../org/org.repository.js';

export const DEMO_SEED = 42;

async function* asLines(records: Iterable<unknown>): AsyncGenerator<string> {
  for (const r of records) yield JSON.stringify(r);
}

/**
 * Seeds the demo organisation (size S) on an empty database, through the same import path
 * as any NDJSON file. Runs once: `demo_seeded_at` records it, and a database with any data
 * is never seeded.
 */
export async function seedDemoIfEmpty(app: INestApplicationContext, logger: LoggerService, today: Date): Promise<boolean> {
  const org = app.get(OrgRepository);
  const settings = await org.settings();
  if (settings.demoSeededAt || !(await org.isEmpty())) return false;
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1));
  logger.log(`Seeding the demo organisation (size S, seed ${DEMO_SEED}) — a few seconds…`, 'DemoSeed');
  const started = Date.now();
  const outcome = await app.get(ImportService).importLines(asLines(generateDemo({ size: 'S', seed: DEMO_SEED, end })), { mode: 'strict' });
  if (!outcome.committed) {
    throw new Error(`demo data failed validation: ${JSON.stringify(outcome.rejected.slice(0, 3))}`);
  }
  await org.markDemoSeeded('Acme (demo)');
  logger.log(`Demo organisation seeded: ${outcome.accepted} records in ${Date.now() - started} ms`, 'DemoSeed');
  return true;
}
