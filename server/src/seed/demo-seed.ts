import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { AuthBootstrapService } from '../auth/services/auth-bootstrap.service.js';
import { demoCodeOwners, generateDemo } from '../demo/generator.js';
import { parseCodeowners } from '../drift/codeowners.js';
import { DriftFactsRepository } from '../drift/drift-facts.repository.js';
import { ImportService } from '../ingest/import.service.js';
import { OrgRepository } from '../org/org.repository.js';

export const DEMO_SEED = 42;

async function* asLines(records: Iterable<unknown>): AsyncGenerator<string> {
  for (const r of records) yield JSON.stringify(r);
}

/**
 * Seeds the demo organisation (size S) on an empty database, through the same import path
 * as any NDJSON file. Runs once: `demo_seeded_at` records it, and a database with any data
 * is never seeded. Also creates the demo users, one per role.
 */
export async function seedDemoIfEmpty(app: INestApplicationContext, logger: LoggerService, today: Date): Promise<boolean> {
  const org = app.get(OrgRepository);
  const settings = await org.settings();
  if (settings.demoSeededAt || !(await org.isEmpty())) return false;
  // history ends at today's UTC midnight, as `npm run demo:generate` does by default
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  logger.log(`Seeding the demo organisation (size S, seed ${DEMO_SEED}) — a few seconds…`, 'DemoSeed');
  const started = Date.now();
  // CODEOWNERS first: the import's recompute classifies out-of-scope commits with them
  const owners = app.get(DriftFactsRepository);
  for (const f of demoCodeOwners({ size: 'S', seed: DEMO_SEED, end })) await owners.replaceCodeOwners(f.repo, parseCodeowners(f.text));
  const outcome = await app.get(ImportService).importLines(asLines(generateDemo({ size: 'S', seed: DEMO_SEED, end })), { mode: 'strict' });
  if (!outcome.committed) {
    throw new Error(`demo data failed validation: ${JSON.stringify(outcome.rejected.slice(0, 3))}`);
  }
  await org.markDemoSeeded('Acme (demo)');
  // one user per role (password `bearing-demo`, docs/operations.md) so a newcomer can try each view
  await app.get(AuthBootstrapService).seedDemoUsers(logger);
  logger.log(`Demo organisation seeded: ${outcome.accepted} records in ${Date.now() - started} ms`, 'DemoSeed');
  return true;
}
