#!/usr/bin/env node
/**
 * `npm run sync -- <source id or name>… | --all [--url http://localhost:3000] [--token T] [--timeout 3600]`
 *
 * Backfills: starts a sync of each named source (or every enabled one) on a running server,
 * through the same "sync now" route the dashboard uses, then follows each run in the run log
 * until it ends, printing its progress (status, records by type so far, elapsed time). Exits 0
 * when every run succeeded, 1 when one failed, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import type { SourceView, SyncRunView, SyncRunsResponse } from '@bearing/shared';

const USAGE = `usage: npm run sync -- <source id or name>… | --all [--url URL] [--token TOKEN] [--timeout SECONDS]
  source         a source's id or name (several allowed)
  --all          every enabled source that can be synced (not webhook-only kinds)
  --url          server base URL (default $BEARING_URL or http://localhost:3000)
  --token        API token with the admin scope (default $BEARING_TOKEN)
  --timeout      give up following the runs after this many seconds (default 3600)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function parse() {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        all: { type: 'boolean', default: false },
        url: { type: 'string' },
        token: { type: 'string' },
        timeout: { type: 'string', default: '3600' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (values.all === positionals.length > 0) fail('name one or more sources, or pass --all (not both)');
    const timeout = Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0) fail(`--timeout must be a positive number of seconds (got ${values.timeout})`);
    const token = values.token ?? process.env.BEARING_TOKEN;
    if (!token) fail('an API token with the admin scope is needed: --token or BEARING_TOKEN');
    const url = (values.url ?? process.env.BEARING_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
    return { names: positionals, all: values.all, url, token, timeoutMs: timeout * 1000 };
  } catch (err) {
    fail((err as Error).message);
  }
}

async function api<T>(base: string, token: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
    } catch {
      // not JSON
    }
    throw new Error(`${init.method ?? 'GET'} ${path} failed (${res.status}): ${message}`);
  }
  return (text ? JSON.parse(text) : null) as T;
}

const counts = (r: SyncRunView) =>
  Object.entries(r.recordsByType)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ') || 'no records yet';

async function main(): Promise<void> {
  const args = parse();
  const sources = await api<SourceView[]>(args.url, args.token, '/api/v1/sources');
  let chosen: SourceView[];
  if (args.all) {
    chosen = sources.filter((s) => s.enabled && s.kind !== 'cdevents');
  } else {
    chosen = args.names.map((n) => {
      const s = sources.find((x) => x.id === n || x.name === n);
      if (!s) fail(`no source with id or name '${n}' (known: ${sources.map((x) => x.name).join(', ') || 'none'})`);
      return s;
    });
  }
  if (chosen.length === 0) {
    process.stderr.write('no source to sync\n');
    return;
  }
  const runs = new Map<string, { source: SourceView; runId: string; last: string }>();
  for (const s of chosen) {
    const { runId } = await api<{ runId: string }>(args.url, args.token, `/api/v1/sources/${s.id}/sync`, { method: 'POST', body: '{}' });
    runs.set(runId, { source: s, runId, last: '' });
    process.stderr.write(`started ${s.kind} source '${s.name}' (run ${runId})\n`);
  }
  const started = Date.now();
  const failed: string[] = [];
  while (runs.size > 0) {
    if (Date.now() - started > args.timeoutMs) {
      process.stderr.write(`gave up after ${Math.round(args.timeoutMs / 1000)} s; still running: ${[...runs.values()].map((r) => r.source.name).join(', ')}\n`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 1000));
    for (const run of [...runs.values()]) {
      const page = await api<SyncRunsResponse>(args.url, args.token, `/api/v1/sources/${run.source.id}/runs?limit=20`);
      const view = page.rows.find((r) => r.id === run.runId);
      if (!view) continue;
      const secs = Math.round((Date.now() - started) / 1000);
      const line = `${run.source.name}: ${view.status} after ${secs} s — ${counts(view)}`;
      if (line !== run.last) {
        process.stderr.write(`${line}\n`);
        run.last = line;
      }
      if (view.status !== 'running') {
        runs.delete(run.runId);
        if (view.status === 'failed') {
          failed.push(run.source.name);
          process.stderr.write(`${run.source.name} failed: ${view.error ?? 'unknown error'}\n`);
        }
      }
    }
  }
  process.stdout.write(`${chosen.length - failed.length} succeeded, ${failed.length} failed\n`);
  if (failed.length) process.exit(1);
}

main().catch((err: unknown) => {
  process.stderr.write(`sync failed: ${(err as Error).message}\n`);
  process.exit(1);
});
