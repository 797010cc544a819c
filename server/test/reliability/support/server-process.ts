import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The compiled server (the suite builds it first), run as a real child process. */
const MAIN = fileURLToPath(new URL('../../../dist/main.js', import.meta.url));
export const ADMIN = { email: 'reliability@bearing.local', password: 'reliability-password-1234' };

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** resolves with the exit code or signal once the process has gone */
  exited: Promise<string>;
  kill(signal: NodeJS.Signals): Promise<string>;
}

/** Starts `node server/dist/main.js` on the database and waits until health answers 200. */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  // RELIABILITY_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, to profile the server under a test
  const nodeArgs = (process.env.RELIABILITY_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      BEARING_DEMO: 'false',
      LOG_LEVEL: 'silent',
      BEARING_ADMIN_EMAIL: ADMIN.email,
      BEARING_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited during start: ${await exited}`);
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not become healthy within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    child,
    exited,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Signs in as the first admin and creates an API token with every scope; returns the bearer header. */
export async function authenticate(base: string): Promise<Record<string, string>> {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => /csrf/i.test(c))?.split('=')[1];
  const res = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookies.join('; '), ...(csrf ? { 'X-CSRF-Token': decodeURIComponent(csrf) } : {}) },
    body: JSON.stringify({ name: `reliability-${Date.now()}`, scopes: ['ingest', 'read', 'admin'] }),
  });
  if (!res.ok) throw new Error(`token creation failed: ${res.status} ${await res.text()}`);
  return { Authorization: `Bearer ${((await res.json()) as { secret: string }).secret}` };
}

/** Streams a file as the body of a POST; resolves with the status (or 'aborted' when the server died). */
export function postFile(base: string, path: string, file: string, headers: Record<string, string>): Promise<{ status: number | 'aborted'; body: string }> {
  return new Promise((resolve) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson', ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: 'aborted', body }));
    });
    req.on('error', () => resolve({ status: 'aborted', body: '' }));
    createReadStream(file).pipe(req);
  });
}
