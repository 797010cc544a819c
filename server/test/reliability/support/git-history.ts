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
  const child = spawn('git', [`--git-dir=${gitDir}`, 'fast-import', '--quiet'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const closed = once(child, 'close');
  await pipeline(Readable.from(stream(o)), child.stdin);
  const [code] = await closed;
  if (code !== 0) throw new Error(`git fast-import exited with ${code}`);
}

function* stream(o: { commits: number; tagEvery: number; seed: number }): Generator<string> {
  const random = rng(o.seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const authors = Array.from({ length: 12 }, (_, i) => `Dev ${i} <dev${i}@r2.example>`);
  const paths = Array.from({ length: 60 }, (_, i) => `${['api', 'web', 'db', 'docs'][i % 4]}/file${i}.${i % 4 === 3 ? 'md' : 'ts'}`);
  let when = Date.UTC(2026, 0, 5, 8) / 1000;
  let mark = 0;
  const commit = (ref: string, from: number | null, files: [string, string][]): string => {
    when += int(300, 5400);
    const who = authors[int(0, authors.length - 1)]!;
    mark++;
    let out = `commit ${ref}\nmark :${mark}\nauthor ${who} ${when} +0000\ncommitter ${who} ${when + int(0, 300)} +0000\n`;
    out += data(`Change ${mark}: ${['fix', 'feat', 'refactor', 'docs', 'test'][mark % 5]} ${files[0]?.[0] ?? 'repository'}`);
    if (from !== null) out += `from :${from}\n`;
    for (const [path, text] of files) out += `M 100644 inline ${path}\n${data(text)}`;
    return `${out}\n`;
  };
  const change = (): [string, string][] =>
    Array.from({ length: int(1, 3) }, () => [paths[int(0, paths.length - 1)]!, Array.from({ length: int(3, 12) }, () => `line ${int(0, 99999)}`).join('\n') + '\n']);

  yield commit('refs/heads/main', null, [['CODEOWNERS', '* @r2/platform\n/api/ @r2/api dev1@r2.example\n'], ['README.md', 'R2 sync\n']]);
  const middle = Math.floor(o.commits / 2);
  let fork = 0;
  for (let i = 1; i < o.commits; i++) {
    yield commit('refs/heads/main', null, change());
    if (i === middle) fork = mark;
    if (i % o.tagEvery === 0) yield `reset refs/tags/v1.${i / o.tagEvery}.0\nfrom :${mark}\n\n`;
  }
  let from: number | null = fork;
  for (let i = 0; i < 20; i++) {
    yield commit('refs/heads/feature', from, change());
    from = null;
  }
  // HEAD of a bare repository made by `git init --initial-branch=main` already names main
}
