import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanonicalRecord } from '@bearing/shared';
import type { SyncBatch, SyncContext } from '../connector.js';
import { type GitConfig, type GitCursor, createGitConnector, gitConfigSchema } from './git.connector.js';

/** A real repository of `n` linear commits, built with the git CLI. */
function repository(dir: string, n: number): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: '2026-03-01T10:00:00Z', GIT_COMMITTER_DATE: '2026-03-01T10:00:00Z' } });
  mkdirSync(dir, { recursive: true });
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Dev');
  for (let i = 0; i < n; i++) {
    writeFileSync(join(dir, `f${i}.txt`), `${i}\n`);
    git('add', '.');
    git('commit', '--quiet', '-m', `change ${i}`);
  }
}

function context(config: GitConfig, commit: (b: SyncBatch<GitCursor>) => Promise<void>): SyncContext<GitConfig, GitCursor> {
  const quiet = { log: () => undefined, warn: () => undefined };
  return { sourceId: 's1', config, secrets: {}, cursor: null, commit, signal: new AbortController().signal, logger: quiet, now: () => new Date('2026-03-02T00:00:00Z') };
}

describe('git connector: batches are written one at a time, in order, while git log runs', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'bearing-git-batches-'));
    repository(join(work, 'src'), 7);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const config = () => gitConfigSchema.parse({ url: join(work, 'src'), repo: 'acme/api', blobless: false });

  it('7 commits in batches of 2: four commits of the records, never two at once, the cursor only on the last', async () => {
    const connector = createGitConnector({ gitCacheDir: join(work, 'cache-ok'), batchSize: 2 });
    let active = 0;
    let maxActive = 0;
    const batches: { shas: string[]; cursor: GitCursor }[] = [];
    await connector.sync(
      context(config(), async (b) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 20)); // slow enough that git log and the parser run ahead
        batches.push({ shas: b.records.filter((r): r is Extract<CanonicalRecord, { type: 'commit' }> => r.type === 'commit').map((r) => r.sha), cursor: b.cursor });
        active--;
      }),
    );
    expect(maxActive).toBe(1);
    // 2 + 2 + 2 full batches, then the last commit with the cursor (7 = 3 × 2 + 1)
    expect(batches.map((b) => b.shas.length)).toEqual([2, 2, 2, 1]);
    expect(new Set(batches.flatMap((b) => b.shas)).size).toBe(7);
    expect(batches.slice(0, 3).every((b) => Object.keys(b.cursor.refs).length === 0)).toBe(true); // intermediate: the previous cursor
    expect(Object.keys(batches[3]!.cursor.refs)).toEqual(['refs/heads/main']);
  });

  it('a batch that fails stops the run with its error, and no later batch is written', async () => {
    const connector = createGitConnector({ gitCacheDir: join(work, 'cache-fail'), batchSize: 2 });
    let calls = 0;
    const sync = connector.sync(
      context(config(), async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 10));
        if (calls === 2) throw new Error('database went away');
      }),
    );
    await expect(sync).rejects.toThrow('database went away');
    expect(calls).toBe(2);
  });
});
