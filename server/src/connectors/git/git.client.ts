import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export interface GitRunOptions {
  /** the bare repository (`--git-dir`), or none for clone */
  gitDir?: string;
  signal?: AbortSignal;
  env?: Record<string, string>;
}

/** Runs the git CLI without a shell (argument arrays only). Injectable: tests may wrap or fake it. */
export interface GitRunner {
  run(args: string[], opts?: GitRunOptions): Promise<string>;
  /** stdout as text chunks, for output too large to buffer (`git log`) */
  stream(args: string[], opts?: GitRunOptions): AsyncIterable<string>;
}

function argv(args: string[], opts: GitRunOptions): string[] {
  return opts.gitDir ? [`--git-dir=${opts.gitDir}`, ...args] : args;
}

function envOf(opts: GitRunOptions): NodeJS.ProcessEnv {
  // never prompt for credentials: a missing token must fail, not hang the run
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'echo', ...opts.env };
}

export const execGitRunner: GitRunner = {
  run(args, opts = {}) {
    return new Promise((resolve, reject) => {
      execFile('git', argv(args, opts), { signal: opts.signal, env: envOf(opts), maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
        if (err) {
          const e = new Error(`git ${args[0]} failed: ${(stderr || err.message).trim().split('\n').slice(-3).join(' ')}`);
          reject(e);
        } else resolve(stdout);
      });
    });
  },
  async *stream(args, opts = {}) {
    const child = spawn('git', argv(args, opts), { signal: opts.signal, env: envOf(opts), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 10_000) stderr += d;
    });
    const exited = new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    });
    child.stdout.setEncoding('utf8');
    for await (const chunk of child.stdout) yield chunk as string;
    const code = await exited;
    if (code !== 0) throw new Error(`git ${args[0]} failed (${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  },
};

/** Where a source URL is mirrored: `<cacheDir>/<sha256(url)[:24]>.git`. */
export function mirrorDir(cacheDir: string, url: string): string {
  return join(cacheDir, `${createHash('sha256').update(url).digest('hex').slice(0, 24)}.git`);
}

export interface MirrorOptions {
  cacheDir: string;
  url: string;
  blobless: boolean;
  token?: string;
  signal?: AbortSignal;
}

/**
 * Git I/O of the git connector: a bare (and blob-less where the server allows it) mirror in the
 * cache directory, updated by `fetch` of every branch and tag.
 */
export class GitClient {
  constructor(private readonly git: GitRunner) {}

  /** Credentials go through the environment (GIT_CONFIG_*), never the command line. */
  private env(token?: string): Record<string, string> {
    if (!token) return {};
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    return { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` };
  }

  async mirror(o: MirrorOptions): Promise<string> {
    const dir = mirrorDir(o.cacheDir, o.url);
    const env = this.env(o.token);
    if (!existsSync(join(dir, 'HEAD'))) {
      mkdirSync(o.cacheDir, { recursive: true });
      const local = isAbsolute(o.url);
      // a local path: blob-less goes through file:// (the filter needs a transport; git ignores it
      // when the repository does not allow it); a full clone copies or hard-links the object files
      // (`--local`), much faster than packing them anew
      const from = local ? (o.blobless ? `file://${o.url}` : o.url) : o.url;
      const args = ['clone', '--bare', '--quiet', ...(o.blobless ? ['--filter=blob:none'] : local ? ['--local'] : []), '--', from, dir];
      await this.git.run(args, { signal: o.signal, env });
    }
    await this.git.run(['fetch', '--quiet', '--prune', '--force', '--tags', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], {
      gitDir: dir,
      signal: o.signal,
      env,
    });
    return dir;
  }

  /** Branch and tag refs → commit (tags peeled) and tag date. */
  async refs(dir: string, signal?: AbortSignal): Promise<{ branches: Record<string, string>; tags: { name: string; sha: string; date: string }[] }> {
    const out = await this.git.run(
      ['for-each-ref', '--format=%(refname)%09%(objectname)%09%(*objectname)%09%(creatordate:iso-strict)', 'refs/heads', 'refs/tags'],
      { gitDir: dir, signal },
    );
    const branches: Record<string, string> = {};
    const tags: { name: string; sha: string; date: string }[] = [];
    for (const line of out.split('\n')) {
      if (!line) continue;
      const [ref, obj, peeled, date] = line.split('\t');
      if (ref!.startsWith('refs/heads/')) branches[ref!] = obj!;
      else tags.push({ name: ref!.slice('refs/tags/'.length), sha: peeled || obj!, date: date! });
    }
    return { branches, tags };
  }

  async defaultBranch(dir: string, signal?: AbortSignal): Promise<string | null> {
    try {
      return (await this.git.run(['symbolic-ref', 'HEAD'], { gitDir: dir, signal })).trim();
    } catch {
      return null;
    }
  }

  async exists(dir: string, sha: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.git.run(['cat-file', '-e', `${sha}^{commit}`], { gitDir: dir, signal });
      return true;
    } catch {
      return false;
    }
  }

  /** `git log --numstat` of commits reachable from `include` and not from `exclude`, streamed. */
  log(dir: string, include: string[], exclude: string[], format: string, signal?: AbortSignal): AsyncIterable<string> {
    return this.git.stream(['log', '--numstat', '--no-renames', '--date-order', `--format=${format}`, ...include, ...(exclude.length ? ['--not', ...exclude] : []), '--'], {
      gitDir: dir,
      signal,
    });
  }

  async show(dir: string, rev: string, path: string, signal?: AbortSignal): Promise<string | null> {
    try {
      return await this.git.run(['cat-file', '-p', `${rev}:${path}`], { gitDir: dir, signal });
    } catch {
      return null;
    }
  }

  async listFiles(dir: string, rev: string, folder: string, signal?: AbortSignal): Promise<string[]> {
    const out = await this.git.run(['ls-tree', '-r', '--name-only', rev, '--', folder.replace(/\/+$/, '') + '/'], { gitDir: dir, signal });
    return out.split('\n').filter(Boolean);
  }

  /** First and last commit times of a file on `rev`. */
  async fileHistory(dir: string, rev: string, path: string, signal?: AbortSignal): Promise<{ createdAt: string; updatedAt: string }> {
    const out = (await this.git.run(['log', '--format=%cI', rev, '--', path], { gitDir: dir, signal })).trim().split('\n');
    return { updatedAt: out[0]!, createdAt: out[out.length - 1]! };
  }
}
