import { GitLogParser, PatternFileError, parseCodeOwners, parsePatternFile, repoKeyOf, tagDeployments } from './git.mapper.js';

const history = { createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-02-01T00:00:00Z' };

describe('git mapper', () => {
  it('parses git log output split anywhere across chunks', () => {
    const out =
      '\x1eaaaa1111\x1fbbbb2222 cccc3333\x1fana@x.test\x1fAna\x1f2026-03-01T10:00:00+01:00\x1f2026-03-01T10:05:00+01:00\x1fMerge it\n\nbody\x1f with a US\n\x1d\n\n3\t1\tsrc/a.ts\n-\t-\tlogo.png\n' +
      '\x1edddd4444\x1f\x1f\x1fBo\x1f2026-03-01T09:00:00Z\x1f2026-03-01T09:00:00Z\x1fFirst\n\x1d\n';
    for (const size of [1, 7, out.length]) {
      const p = new GitLogParser('acme/web');
      const commits = [];
      for (let i = 0; i < out.length; i += size) commits.push(...p.push(out.slice(i, i + size)));
      commits.push(...p.end());
      expect(commits).toEqual([
        { type: 'commit', repo: 'acme/web', sha: 'aaaa1111', parents: ['bbbb2222', 'cccc3333'], author: 'ana@x.test', authoredAt: '2026-03-01T10:00:00+01:00', committedAt: '2026-03-01T10:05:00+01:00', message: 'Merge it\n\nbody\x1f with a US', files: [{ path: 'src/a.ts', additions: 3, deletions: 1 }, { path: 'logo.png', additions: 0, deletions: 0 }] },
        { type: 'commit', repo: 'acme/web', sha: 'dddd4444', parents: [], author: 'Bo', authoredAt: '2026-03-01T09:00:00Z', committedAt: '2026-03-01T09:00:00Z', message: 'First', files: [] },
      ]);
    }
  });

  it('derives repository keys from URLs and paths', () => {
    expect(repoKeyOf('https://github.com/acme/web.git')).toBe('acme/web');
    expect(repoKeyOf('git@github.com:acme/api.git')).toBe('acme/api');
    expect(repoKeyOf('/srv/repos/team/svc/')).toBe('team/svc');
  });

  it('turns matching tags into deployments', () => {
    expect(tagDeployments('acme/web', [{ name: 'v1', sha: 'abcd', date: '2026-03-01T00:00:00Z' }, { name: 'nightly', sha: 'ef01', date: '2026-03-01T00:00:00Z' }], { pattern: '^v', service: 'web', environment: 'production' })).toEqual([
      { type: 'deployment', id: 'git:acme/web:tag:v1', service: 'web', repo: 'acme/web', environment: 'production', sha: 'abcd', status: 'success', startedAt: null, finishedAt: '2026-03-01T00:00:00Z' },
    ]);
  });

  it('parses CODEOWNERS in order, without comments', () => {
    expect(parseCodeOwners('# top\n\n*.js   @a @b # trailing\n/docs/ @org/docs\n')).toEqual([
      { pattern: '*.js', owners: ['@a', '@b'] },
      { pattern: '/docs/', owners: ['@org/docs'] },
    ]);
  });

  it('parses pattern files; retired: true means retired at the last change; errors name the file and field', () => {
    const p = parsePatternFile('docs/patterns/retry.md', '---\ntitle: Retry\nretired: true\nreplacedBy: PAT-9\n---\ntext', history);
    expect(p.record).toEqual({ type: 'pattern', key: 'retry', title: 'Retry', status: 'retired', createdAt: history.createdAt, updatedAt: history.updatedAt, retiredAt: history.updatedAt, replacedBy: 'PAT-9', migrationNote: null, path: 'docs/patterns/retry.md' });
    expect(p.raw.body).toBe('text');
    const err = (text: string) => {
      try {
        parsePatternFile('docs/patterns/x.md', text, history);
      } catch (e) {
        return e instanceof PatternFileError ? [e.file, e.field] : e;
      }
      return null;
    };
    expect(err('no front matter')).toEqual(['docs/patterns/x.md', 'front matter']);
    expect(err('---\nkey: X\n---\n')).toEqual(['docs/patterns/x.md', 'title']);
    expect(err('---\ntitle: T\nstatus: paused\n---\n')).toEqual(['docs/patterns/x.md', 'status']);
    expect(err('---\ntitle: T\nretiredAt: someday\n---\n')).toEqual(['docs/patterns/x.md', 'retiredAt']);
  });
});
