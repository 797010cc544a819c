#!/usr/bin/env node
// `npm start`: builds what is missing or stale (shared → server → web), then runs the server.
// With no DATABASE_URL the server starts an embedded PostgreSQL and seeds the demo org.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

const outputs = ['shared/dist/index.js', 'server/dist/main.js', 'web/dist/index.html'].map((p) => join(root, p));
const sources = ['shared/src', 'server/src', 'web/src', 'web/index.html', 'web/vite.config.ts', 'package-lock.json'].map((p) => join(root, p));
const built = outputs.every(existsSync) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
if (built === 0 || Math.max(...sources.map(newest)) > built || process.env.BEARING_REBUILD === '1') {
  process.stderr.write('Building Bearing (shared, server, web)…\n');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const child = spawn(process.execPath, [join(root, 'server/dist/main.js')], { cwd: root, stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
