import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { rng } from './checksums.js';

/**
 * A deterministic git history for the sync half of R2, written by `git fast-import` into a bare
 * repository (seconds for thousands of commits; fixed dates and seed, so two repositories built
 * with the same arguments have the same commit ids). `main` gets `commits` commits by 12
 * authors, each touching 1–3 of 60 files; a CODEOWNERS file; a lightweight tag `v1.<k>.0` every
 * `tagEvery` commits (deployments through the connector's `tagDeploys`); and a `feature`
 * branch of 20 commits forked at the middle and left unmerged (a second ref in the cursor).
 */
export async function generateRepository(gitDir: string, o: { commits: number; tagEvery: number; seed: number }): Promise<void> {
  const init = spawnSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', gitDir], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`git init failed: ${init.stderr}`);
  await fastImport(gitDir, stream(o));
}

/** One slice appended by `appendCommits`: `commits` commits on `main`, optionally a CODEOWNERS change and a tag. */
export interface Slice {
  /** names the slice in commit messages and seeds its generator (with `seed`) */
  label: string;
  seed: number;
  commits: number;
  /** a lightweight tag at three quarters of the slice (a deployment through `tagDeploys`) */
  tag?: string;
  /** new CODEOWNERS text, committed at the middle of the slice */
  codeOwners?: string;
}

/**
 * Appends a deterministic slice of history to `main` of a repository made by
 * `generateRepository` (git fast-import again, continuing from `main`'s tip and its committer
 * time): two repositories given the same `generateRepository` and the same slices in the same
 * order have the same commit ids, so a repository grown slice by slice between syncs ends equal
 * to one built whole before a single sync.
 */
export async function appendCommits(gitDir: string, slice: Slice): Promise<void> {
  const tip = spawnSync('git', [`--git-dir=${gitDir}`, 'log', '-1', '--format=%ct', 'refs/heads/main'], { encoding: 'utf8' });
  if (tip.status !== 0) throw new Error(`git log failed: ${tip.stderr}`);
  await fastImport(gitDir, sliceStream(slice, Number(tip.stdout.trim())));
}

/** Commits reachable from a branch and from none of `exclude` (what a sync with that cursor lists). */
export function commitsSince(gitDir: string, exclude: string[]): number {
  const out = spawnSync('git', [`--git-dir=${gitDir}`, 'rev-list', '--count', '--branches', ...exclude.map((sha) => `^${sha}`)], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`git rev-list failed: ${out.stderr}`);
  return Number(out.stdout.trim());
}

async function fastImport(gitDir: string, input: Iterable<string>): Promise<void> {
  const child = spawn('git', [`--git-dir=${gitDir}`, 'fast-import', '--quiet'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const closed = once(child, 'close');
  await pipeline(Readable.from(input), child.stdin);
  const [code] = await closed;
  if (code !== 0) throw new Error(`git fast-import exited with ${code}`);
}

/** The commit writer both the whole history and the slices use: seeded authors, files, times and contents. */
function writer(seed: number, start: number, label: (mark: number) => string) {
  const random = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const authors = Array.from({ length: 12 }, (_, i) => `Dev ${i} <dev${i}@r2.example>`);
  const paths = Array.from({ length: 60 }, (_, i) => `${['api', 'web', 'db', 'docs'][i % 4]}/file${i}.${i % 4 === 3 ? 'md' : 'ts'}`);
  let when = start;
  const state = { mark: 0 };
  /** `from`: a mark, a ref expression (`refs/heads/main^0`), or null to continue the branch */
  const commit = (ref: string, from: number | string | null, files: [string, string][]): string => {
    when += int(300, 5400);
    const who = authors[int(0, authors.length - 1)]!;
    state.mark++;
    const mark = state.mark;
    let out = `commit ${ref}\nmark :${mark}\nauthor ${who} ${when} +0000\ncommitter ${who} ${when + int(0, 300)} +0000\n`;
    out += data(`${label(mark)}: ${['fix', 'feat', 'refactor', 'docs', 'test'][mark % 5]} ${files[0]?.[0] ?? 'repository'}`);
    if (from !== null) out += `from ${typeof from === 'number' ? `:${from}` : from}\n`;
    for (const [path, text] of files) out += `M 100644 inline ${path}\n${data(text)}`;
    return `${out}\n`;
  };
  const change = (): [string, string][] =>
    Array.from({ length: int(1, 3) }, () => [paths[int(0, paths.length - 1)]!, Array.from({ length: int(3, 12) }, () => `line ${int(0, 99999)}`).join('\n') + '\n']);
  return { commit, change, state };
}

function* stream(o: { commits: number; tagEvery: number; seed: number }): Generator<string> {
  const { commit, change, state } = writer(o.seed, Date.UTC(2026, 0, 5, 8) / 1000, (mark) => `Change ${mark}`);
  yield commit('refs/heads/main', null, [['CODEOWNERS', '* @r2/platform\n/api/ @r2/api dev1@r2.example\n'], ['README.md', 'R2 sync\n']]);
  const middle = Math.floor(o.commits / 2);
  let fork = 0;
  for (let i = 1; i < o.commits; i++) {
    yield commit('refs/heads/main', null, change());
    if (i === middle) fork = state.mark;
    if (i % o.tagEvery === 0) yield `reset refs/tags/v1.${i / o.tagEvery}.0\nfrom :${state.mark}\n\n`;
  }
  let from: number | null = fork;
  for (let i = 0; i < 20; i++) {
    yield commit('refs/heads/feature', from, change());
    from = null;
  }
  // HEAD of a bare repository made by `git init --initial-branch=main` already names main
}

function* sliceStream(s: Slice, tipTime: number): Generator<string> {
  const { commit, change, state } = writer(s.seed, tipTime, (mark) => `${s.label} change ${mark}`);
  const middle = Math.floor(s.commits / 2);
  const tagAt = Math.floor((s.commits * 3) / 4);
  for (let i = 0; i < s.commits; i++) {
    // fast-import does not load existing branches: the first commit continues main explicitly (`^0`: not from itself)
    const files = change();
    if (i === middle && s.codeOwners !== undefined) files.push(['CODEOWNERS', s.codeOwners]);
    yield commit('refs/heads/main', i === 0 ? 'refs/heads/main^0' : null, files);
    if (i === tagAt && s.tag) yield `reset refs/tags/${s.tag}\nfrom :${state.mark}\n\n`;
  }
}
