#!/usr/bin/env node
/**
 * Writes the demo organisation as canonical NDJSON.
 *
 *   node server/dist/cli/demo-generate.js --size S|M|L [--seed N] [--out file.ndjson|-] [--end YYYY-MM-DD]
 *
 * Streams with backpressure (size L is ~2.3 M records and never held in memory) and prints a
 * summary (records per type, elapsed time) to stderr. Exit codes: 0 ok, 1 failure, 2 bad usage.
 */
import { createWriteStream, realpathSync } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { CanonicalRecord, RecordType } from '@bearing/shared';
import { demoRecordEstimate, generateDemo } from '../demo/generator.js';
import { DEMO_SIZES, isDemoSize, type DemoSize } from '../demo/sizes.js';

const USAGE = `Usage: demo-generate --size S|M|L [--seed N] [--out FILE|-] [--end YYYY-MM-DD] [--quiet]

Generates the deterministic demo organisation as canonical NDJSON.

  --size   S (demo: ~80 people, 6 months), M (1/5 of L) or L (benchmark: 600 people, 2 years)
  --seed   integer seed (default 42); same size + seed + end gives byte-identical output
  --out    output file, or - for stdout (default: stdout)
  --end    exclusive end of the history, a UTC date (default: today's UTC midnight)
  --quiet  no progress bar and no summary
  --help   this text`;

export class UsageError extends Error {}

export interface DemoCliOptions {
  size: DemoSize;
  seed: number;
  out: string | null;
  end: Date;
  quiet: boolean;
  help: boolean;
}

function todayUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function parseDemoArgs(argv: string[], now: Date): DemoCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        size: { type: 'string', short: 's' },
        seed: { type: 'string' },
        out: { type: 'string', short: 'o' },
        end: { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return { size: 'S', seed: 42, out: null, end: todayUtcMidnight(now), quiet: true, help: true };
  if (values.size === undefined) throw new UsageError('--size is required (S, M or L)');
  const size = values.size.toUpperCase();
  if (!isDemoSize(size)) throw new UsageError(`--size must be one of ${DEMO_SIZES.join(', ')}; got '${values.size}'`);
  let seed = 42;
  if (values.seed !== undefined) {
    if (!/^-?\d{1,15}$/.test(values.seed)) throw new UsageError(`--seed must be an integer; got '${values.seed}'`);
    seed = Number(values.seed);
  }
  let end = todayUtcMidnight(now);
  if (values.end !== undefined) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values.end);
    const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
    if (!parsed || parsed.toISOString().slice(0, 10) !== values.end) {
      throw new UsageError(`--end must be a valid date as YYYY-MM-DD; got '${values.end}'`);
    }
    end = parsed;
  }
  const out = values.out === undefined || values.out === '-' ? null : values.out;
  if (values.out === '') throw new UsageError('--out must not be empty (use - for stdout)');
  return { size, seed, out, end, quiet: values.quiet, help: false };
}

/** NDJSON text in ~64 KiB chunks (fewer, larger writes), counting records per type. */
async function* ndjsonChunks(records: Iterable<CanonicalRecord>, counts: Map<RecordType, number>, onRecord: (n: number) => void): AsyncGenerator<string> {
  let chunk = '';
  let n = 0;
  for (const record of records) {
    chunk += `${JSON.stringify(record)}\n`;
    counts.set(record.type, (counts.get(record.type) ?? 0) + 1);
    if (++n % 1000 === 0) onRecord(n);
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
  onRecord(n);
}

function summary(counts: Map<RecordType, number>, elapsedMs: number, options: DemoCliOptions): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const width = Math.max(...[...counts.keys()].map((k) => k.length), 5);
  const lines = [...counts.entries()].map(([type, count]) => `  ${type.padEnd(width)}  ${count.toLocaleString('en-US').padStart(10)}`);
  return [
    `demo size ${options.size}, seed ${options.seed}, history ending ${options.end.toISOString().slice(0, 10)} → ${options.out ?? 'stdout'}`,
    ...lines,
    `  ${'total'.padEnd(width)}  ${total.toLocaleString('en-US').padStart(10)}`,
    `  elapsed ${(elapsedMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

export interface DemoCliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function runDemoGenerate(argv: string[], io: DemoCliIo): Promise<number> {
  let options: DemoCliOptions;
  try {
    options = parseDemoArgs(argv, new Date());
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`demo-generate: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (options.help) {
    io.stderr.write(`${USAGE}\n`);
    return 0;
  }
  if (options.out === null && io.stdout.isTTY) {
    io.stderr.write(`demo-generate: refusing to write NDJSON to a terminal; use --out FILE or pipe the output\n\n${USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  const counts = new Map<RecordType, number>();
  const showBar = !options.quiet && io.stderr.isTTY === true;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: 'demo {bar} {percentage}% | {value}/{total} records | {duration_formatted}', stream: io.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const estimate = demoRecordEstimate(options.size);
  bar?.start(estimate, 0);
  const onRecord = (n: number): void => {
    if (bar) {
      if (n > estimate) bar.setTotal(n);
      bar.update(n);
    }
  };
  const destination = options.out === null ? io.stdout : createWriteStream(options.out);
  const records = generateDemo({ size: options.size, seed: options.seed, end: options.end });
  try {
    await pipeline(Readable.from(ndjsonChunks(records, counts, onRecord)), destination, { end: options.out !== null });
  } catch (err) {
    bar?.stop();
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    io.stderr.write(`demo-generate: ${(err as Error).message}\n`);
    return 1;
  }
  bar?.stop();
  if (!options.quiet) io.stderr.write(`${summary(counts, Date.now() - started, options)}\n`);
  return 0;
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  runDemoGenerate(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`demo-generate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
