import { readFileSync } from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import request from 'supertest';
import { type TestDatabase, createTestDatabase, tableDigests } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';

/**
 * R5 bad input (quality.md): generated malformed inputs — NDJSON lines and query parameters —
 * produce zero 5xx, zero rows written by a rejected request, and errors that name the field.
 * At least 1,000 generated inputs in total (the counts below add up to 1,200), seeded so a
 * failure reproduces.
 */
const fixture = readFileSync(new URL('../fixtures/small-org.ndjson', import.meta.url), 'utf8').trimEnd().split('\n');
const records = fixture.map((l) => JSON.parse(l) as Record<string, unknown>);
const NDJSON = 'application/x-ndjson';
const SEED = 20261123;

/** values of the wrong shape for any field: every canonical field expects something else */
const wrongValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => n + 0.5),
  fc.constant(-1),
  fc.constant(''),
  fc.constant('2026-13-45T99:00:00Z'),
  fc.constant('not a date'),
  fc.string({ maxLength: 8 }).map((s) => `\u0000${s}`),
  fc.array(fc.constant({ nested: true }), { minLength: 1, maxLength: 2 }),
  fc.constant({ object: 'instead' }),
  fc.constant('x'.repeat(600)),
);

// hundreds of HTTP round trips each: bounded by their case counts, not by time; a loaded CI
// machine took over jest's default 60 s for the 600-case import property
const CASE_TIMEOUT_MS = 300_000;

describe('R5: malformed input never causes a 5xx or a partial write, and the error names the field', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let token: string;
  let baseline: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('r5');
    app = await createTestApp(db.url);
    token = await adminToken(app);
    const seeded = await request(app.getHttpServer()).post('/api/v1/import').set('Authorization', bearer(token)).set('Content-Type', NDJSON).send(fixture.join('\n'));
    expect(seeded.status).toBe(200);
    baseline = await tableDigests(db);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const importBody = (body: string) =>
    request(app.getHttpServer()).post('/api/v1/import?mode=strict').set('Authorization', bearer(token)).set('Content-Type', NDJSON).send(body);

  it('strict import: one record with a field of the wrong shape rejects the file, names that field, writes nothing (600 cases)', async () => {
    // required or typed fields only: an unknown extra field is allowed by the contract
    const candidates = records.flatMap((r, i) => Object.keys(r).filter((k) => k !== 'type').map((k) => ({ i, k })));
    let rejections = 0;
    let current = baseline;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...candidates), wrongValue, fc.boolean(), async ({ i, k }, value, drop) => {
        const broken = { ...records[i]! };
        if (drop) delete broken[k];
        else broken[k] = value;
        const lines = [...fixture];
        lines[i] = JSON.stringify(broken);
        const res = await importBody(lines.join('\n'));
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) {
          // the mutation happened to be valid (e.g. dropping an optional field, or a new key): it was
          // written, so it becomes the state the next rejected request must leave untouched
          current = await tableDigests(db);
          return;
        }
        rejections++;
        expect(res.status).toBe(422);
        expect(res.body.accepted).toBe(0);
        expect(res.body.rejected[0]).toMatchObject({ line: i + 1 });
        // the field named is the one we broke (or a path inside it, e.g. files.0.path)
        expect(String(res.body.rejected[0].field).split('.')[0]).toBe(k);
      }),
      { numRuns: 600, seed: SEED },
    );
    expect(rejections).toBeGreaterThan(300);
    // nothing half-written: every rejected request since the last accepted one wrote nothing
    expect(await tableDigests(db)).toEqual(current);
  }, CASE_TIMEOUT_MS);

  it('import: arbitrary bytes and broken JSON lines are rejected by line, never a 5xx (300 cases)', async () => {
    const before = await tableDigests(db);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.constantFrom('{', '[]', '"str"', '42', 'null', '{"type":"nope"}', '{"type":null}', '{"type":"commit"}'),
          fc.json({ maxDepth: 3 }),
        ),
        async (line) => {
          const res = await importBody(`${fixture[0]}\n${line.replace(/\r?\n/g, ' ')}`);
          expect(res.status).toBeLessThan(500);
          if (res.status === 422) {
            expect(res.body.rejected[0].line).toBe(2);
            expect(typeof res.body.rejected[0].field).toBe('string');
            expect(res.body.rejected[0].field.length).toBeGreaterThan(0);
          } else {
            // only a blank line can pass (it is skipped)
            expect(line.trim()).toBe('');
          }
        },
      ),
      { numRuns: 300, seed: SEED },
    );
    expect(await tableDigests(db)).toEqual(before);
  }, CASE_TIMEOUT_MS);

  it('query parameters: garbage in scope, from, to, interval, metrics, cursor and limit is a 400 naming the parameter (300 cases)', async () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('squad:', 'group:nope', 'org:x', '2026-02-30', '2026-1-1', '9999-99-99', 'day', '-5', '1e9', 'NaN', "' OR 1=1 --", '%00'),
    );
    const params = ['scope', 'from', 'to', 'interval', 'metrics'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...params, 'cursor', 'limit'), junk, async (param, value) => {
        const query: Record<string, string> = { scope: 'org', from: '2026-03-01', to: '2026-04-01', interval: 'week' };
        query[param] = value;
        const path = param === 'cursor' || param === 'limit' ? '/api/v1/metrics/deployment_frequency/events' : '/api/v1/metrics';
        const res = await request(app.getHttpServer()).get(path).query(query).set('Authorization', bearer(token));
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect([400, 404]).toContain(res.status);
          expect(res.body.error.details?.field ?? res.body.error.message).toMatch(new RegExp(`${param}|key|scope`));
        }
      }),
      { numRuns: 300, seed: SEED },
    );
  }, CASE_TIMEOUT_MS);
});
