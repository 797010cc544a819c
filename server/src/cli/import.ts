#!/usr/bin/env node
/**
 * `npm run import -- <file.ndjson|-> [--mode strict|lenient] [--url http://localhost:3000] [--token T]`
 * `npm run import -- <file> --database-url postgres://…`  (direct, without a running server)
 *
 * Streams canonical NDJSON into Bearing's one import path: by default through
 * `POST /api/v1/import` of a running server; with --database-url, straight into the database
 * through the same ImportService. Shows a progress bar (records/s, bytes done/total).
 */
import { createReadStream, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';

const USAGE = `usage: npm run import -- <file.ndjson|-> [--mode strict|lenient] [--url URL] [--token TOKEN] [--database-url URL]
  file           an NDJSON file, or - for standard input
  --mode         strict (default: any invalid line rejects everything) or lenient
  --url          server base URL (default $BEARING_URL or http://localhost:3000)
  --token        API token with the ingest scope (default $BEARING_TOKEN)
  --database-url import straight into this PostgreSQL instead of through a server`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function parse() {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        mode: { type: 'string', default: 'strict' },
        url: { type: 'string' },
        token: { type: 'string' },
        'database-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (positionals.length !== 1) fail('expected exactly one file argument (or - for stdin)');
    if (values.mode !== 'strict' && values.mode !== 'lenient') fail(`--mode must be strict or lenient (got ${values.mode})`);
    return { file: positionals[0]!, mode: values.mode, url: values.url, token: values.token, databaseUrl: values['database-url'] };
  } catch (err) {
    fail((err as Error).message);
  }
}

/** Counts bytes and lines flowing through, for the progress bar. */
class Meter extends Transform {
  bytes = 0;
  lines = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null, data?: Buffer) => void): void {
    this.bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) this.lines++;
    cb(null, chunk);
  }
}

function progressBar(total: number | null) {
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      format: total
        ? 'importing [{bar}] {percentage}% | {value}/{total} MB | {records} records | {rate} records/s'
        : 'importing {value} MB | {records} records | {rate} records/s',
      stream: process.stderr,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ? Math.max(1, Math.round(total / 1e6)) : 0, 0, { records: 0, rate: 0 });
  return {
    update(meter: Meter) {
      const secs = Math.max(0.001, (Date.now() - started) / 1000);
      bar.update(Math.round(meter.bytes / 1e6), { records: meter.lines, rate: Math.round(meter.lines / secs) });
    },
    stop: () => bar.stop(),
  };
}

async function viaServer(input: Readable, meter: Meter, opts: ReturnType<typeof parse>): Promise<{ status: number; body: string }> {
  const base = new URL(opts.url ?? process.env.BEARING_URL ?? 'http://localhost:3000');
  const target = new URL(`/api/v1/import?mode=${opts.mode}`, base);
  const token = opts.token ?? process.env.BEARING_TOKEN;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', (err) => reject(new Error(`cannot reach ${base.origin}: ${err.message} (is the server running? or use --database-url)`)));
    pipeline(input, meter, req).catch(reject);
  });
}

async function direct(input: Readable, meter: Meter, opts: ReturnType<typeof parse>): Promise<{ status: number; body: string }> {
  const { NestFactory } = await import('@nestjs/core');
  const { loadConfig } = await import('../config/config.js');
  const { runMigrations } = await import('../database/migrate.js');
  const { AppModule } = await import('../app.module.js');
  const { ImportService } = await import('../ingest/import.service.js');
  const { lineBatches } = await import('../ingest/ndjson-lines.js');
  const url = opts.databaseUrl!;
  await runMigrations(url);
  const config = loadConfig({ LOG_LEVEL: 'warn', DATABASE_URL: url });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, url, null), { logger: ['error', 'warn'] });
  try {
    const lines = lineBatches(input.pipe(meter));
    const outcome = await app.get(ImportService).importLines(lines, { mode: opts.mode as 'strict' | 'lenient' });
    const { lines: _n, committed, ...result } = outcome;
    return { status: committed ? 200 : 422, body: JSON.stringify(result) };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const opts = parse();
  let total: number | null = null;
  let input: Readable;
  if (opts.file === '-') {
    input = process.stdin;
  } else {
    try {
      total = statSync(opts.file).size;
    } catch {
      fail(`cannot read ${opts.file}`);
    }
    input = createReadStream(opts.file);
  }
  const meter = new Meter();
  const bar = progressBar(total);
  const timer = setInterval(() => bar.update(meter), 250);
  let result: { status: number; body: string };
  try {
    result = opts.databaseUrl ? await direct(input, meter, opts) : await viaServer(input, meter, opts);
  } finally {
    clearInterval(timer);
    bar.update(meter);
    bar.stop();
  }
  let parsed: { accepted?: number; rejected?: { line: number; field: string; message: string }[]; rejectedCount?: number; byType?: object; error?: { message: string } };
  try {
    parsed = JSON.parse(result.body);
  } catch {
    parsed = { error: { message: result.body.slice(0, 500) } };
  }
  if (result.status >= 200 && result.status < 300) {
    process.stdout.write(`accepted ${parsed.accepted} records ${JSON.stringify(parsed.byType)}\n`);
  } else if (parsed.error) {
    process.stderr.write(`import failed (${result.status}): ${parsed.error.message}\n`);
  }
  for (const r of (parsed.rejected ?? []).slice(0, 20)) process.stderr.write(`  line ${r.line}: ${r.field}: ${r.message}\n`);
  if ((parsed.rejectedCount ?? 0) > 20) process.stderr.write(`  … ${parsed.rejectedCount! - 20} more\n`);
  process.exit(result.status >= 200 && result.status < 300 ? 0 : 1);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
