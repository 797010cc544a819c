#!/usr/bin/env node
// `npm test`: builds everything, runs every test runner, and prints one closing line
// `N passed, N failed` with the totals (CI reads it). Extra args go to jest.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

if (process.env.BEARING_SKIP_BUILD !== '1') {
  const build = run('npm', ['run', 'build']);
  if (build.status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

let passed = 0;
let failed = 0;
let ok = true;

/** Runs jest in a workspace (native ESM) and adds its totals. */
function jest(workspace, args) {
  const out = join(root, workspace, '.jest-results.json');
  rmSync(out, { force: true });
  const result = run('npx', ['jest', '--json', `--outputFile=${out}`, ...args], {
    cwd: join(root, workspace),
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
  });
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    rmSync(out, { force: true });
  } else {
    failed += 1;
  }
  if (result.status !== 0) ok = false;
}

const args = process.argv.slice(2);
// web: pure functions (formatters, chart shapers, URL filters)
if (args.length === 0) jest('web', []);
// server: unit, integration (real PostgreSQL), HTTP and browser tests
jest('server', args);

/**
 * The bench at size S as a smoke check of the harness (not a timing assertion): it must run
 * end to end and compute every ratio and percentile it reports. BEARING_SKIP_BENCH=1 skips it.
 */
function benchSmoke() {
  const out = join(root, 'server', '.bench-smoke.json');
  rmSync(out, { force: true });
  console.log('\nbench smoke (size S, harness only; timings are not asserted)');
  const result = run(process.execPath, ['--max-old-space-size=4096', 'bench/run.mjs', '--size', 'S', '--skip-web', '--duration', '2', '--out', out]);
  let problems = [];
  if (result.status !== 0 || !existsSync(out)) problems.push(`bench exited with ${result.status}`);
  else {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    const num = (v) => typeof v === 'number' && Number.isFinite(v);
    const checks = {
      'P1 ratio': num(r.bars?.P1?.ratio),
      'P1 peak RSS': num(r.bars?.P1?.peakRssMB),
      'P2 squad p95': num(r.bars?.P2?.squadMs?.p95),
      'P2 org p95': num(r.bars?.P2?.orgMs?.p95),
      'P2 throughput': num(r.bars?.P2?.concurrent50?.reqPerS) && r.bars.P2.concurrent50.errors === 0,
      'P3 freshness': num(r.bars?.P3?.visibleAfterMs),
      'P4 ratio': num(r.bars?.P4?.ratio),
      'P4 incremental': num(r.bars?.P4?.incrementalMs),
      'P6 initial JS': num(r.bars?.P6?.initialJsGzipKB),
    };
    problems = Object.entries(checks).filter(([, v]) => !v).map(([k]) => `${k} missing`);
    rmSync(out, { force: true });
  }
  if (problems.length === 0) passed += 1;
  else {
    failed += 1;
    ok = false;
    console.log(`bench smoke failed: ${problems.join(', ')}`);
  }
}
if (args.length === 0 && process.env.BEARING_SKIP_BENCH !== '1') benchSmoke();

console.log(`${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
