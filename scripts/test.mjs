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

console.log(`${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
