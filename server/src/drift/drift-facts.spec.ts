import fc from 'fast-check';
import { IdentityIndex, type PersonRow } from '../metrics/identity.js';
import { DEFAULT_RULES } from '../metrics/rules.js';
import { ownerSquadResolver } from './codeowners.js';
import { type DriftContext, type DriftRepoInput, computeDriftFacts, isManifest } from './drift-facts.js';
import { type RecoveryEvent, type SignalAt, buildEpisodes, repeatedFailures } from './episodes.js';

const people: PersonRow[] = [
  { key: 'ana', kind: 'human', emails: ['ana@acme.test'], logins: null, roles: null, timeZone: null },
  { key: 'bo', kind: 'human', emails: null, logins: null, roles: null, timeZone: null },
  { key: 'codex', kind: 'agent', emails: ['codex@agents.acme.test'], logins: null, roles: null, timeZone: null },
];
const squadsOf: Record<string, string[]> = { ana: ['checkout'], bo: ['payments'], codex: ['checkout'] };
const ctx = (over: Partial<typeof DEFAULT_RULES> = {}): DriftContext => ({
  rules: { ...DEFAULT_RULES, ...over },
  identities: new IdentityIndex(people, DEFAULT_RULES),
  ownerSquads: ownerSquadResolver(
    ['checkout', 'payments'],
    people.map((p) => ({ ...p, squads: squadsOf[p.key] ?? [] })),
  ),
  personSquads: (k) => squadsOf[k] ?? [],
});

const T = (hhmm: string) => new Date(`2026-05-04T${hhmm}:00Z`);
const base = (over: Partial<DriftRepoInput> = {}): DriftRepoInput => ({
  repo: 'acme/shop',
  repoSquads: ['checkout', 'payments'],
  pullRequests: [],
  prAgent: new Map(),
  prEvents: [],
  reviews: [],
  ciRuns: [],
  commits: [],
  sessions: [],
  sessionEvents: [],
  codeOwners: [],
  citations: [],
  ...over,
});
const pr = (number: number, over: Partial<DriftRepoInput['pullRequests'][number]> = {}) => ({
  number,
  author: 'ana',
  createdAt: T('09:00'),
  mergedAt: null,
  closedAt: null,
  headBranch: `feature-${number}`,
  baseBranch: 'main',
  commits: [] as string[],
  ...over,
});
const run = (id: string, at: string, status: string, job = 'unit-tests', pr: number | null = 1) => ({
  id,
  workflow: 'ci',
  job,
  branch: 'feature-1',
  pr,
  status,
  finishedAt: T(at),
});

describe('repeated_failure', () => {
  it('3 failures then a pass: one episode, duration = pass − first failure', () => {
    // failures 10:00, 10:10, 10:20 (streak of 3 = N) → signal at 10:00; pass at 10:45 → recovered
    // duration = 10:45 − 10:00 = 45 min = 2700 s
    const out = computeDriftFacts(
      base({
        pullRequests: [pr(1)],
        ciRuns: [run('r1', '10:00', 'failure'), run('r2', '10:10', 'failure'), run('r3', '10:20', 'failure'), run('r4', '10:45', 'success')],
      }),
      ctx(),
    );
    expect(out.episodes).toHaveLength(1);
    const e = out.episodes[0]!;
    expect(e).toMatchObject({ unit: 'pr:acme/shop#1', startedAt: T('10:00'), recoveredAt: T('10:45'), recovery: 'checks_passed', recoveryRef: 'ci / unit-tests' });
    expect((e.recoveredAt!.getTime() - e.startedAt.getTime()) / 1000).toBe(2700);
    expect(out.signals).toEqual([{ episodeId: e.id, position: 0, kind: 'repeated_failure', at: T('10:00'), detail: 'ci / unit-tests failed 3 times in a row', ref: 'r1' }]);
  });

  it('2 failures then a pass: no episode (N = 3)', () => {
    const out = computeDriftFacts(
      base({ pullRequests: [pr(1)], ciRuns: [run('r1', '10:00', 'failure'), run('r2', '10:10', 'failure'), run('r3', '10:20', 'success')] }),
      ctx(),
    );
    expect(out.episodes).toEqual([]);
    expect(out.units).toHaveLength(1);
  });

  it('honours a configured streak length, ignores cancelled runs, and keeps checks apart', () => {
    // N = 2: lint fails 10:00, (cancelled 10:05), 10:10 → streak of 2; unit-tests fails once
    const r = repeatedFailures(
      [
        { id: 'a', workflow: 'ci', job: 'lint', status: 'failure', finishedAt: 1 },
        { id: 'b', workflow: 'ci', job: 'lint', status: 'cancelled', finishedAt: 2 },
        { id: 'c', workflow: 'ci', job: 'unit-tests', status: 'failure', finishedAt: 3 },
        { id: 'd', workflow: 'ci', job: 'lint', status: 'failure', finishedAt: 4 },
        { id: 'e', workflow: 'ci', job: 'lint', status: 'success', finishedAt: 5 },
      ],
      2,
    );
    expect(r.signals.map((s) => [s.check, s.at, s.ref])).toEqual([['ci / lint', 1, 'a']]);
    expect(r.passes.get('ci / lint')).toEqual([5]);
  });

  it('needs every failing check to pass again: recovery at the later pass', () => {
    // unit-tests fails 10:00/10:05/10:10, lint fails 10:01/10:06/10:11 → two signals (10:00, 10:01), one episode
    // unit-tests passes 10:30, lint passes 10:50 → recovered 10:50; duration 50 min
    const out = computeDriftFacts(
      base({
        pullRequests: [pr(1)],
        ciRuns: [
          run('u1', '10:00', 'failure'), run('u2', '10:05', 'failure'), run('u3', '10:10', 'failure'), run('u4', '10:30', 'success'),
          run('l1', '10:01', 'failure', 'lint'), run('l2', '10:06', 'failure', 'lint'), run('l3', '10:11', 'failure', 'lint'), run('l4', '10:50', 'success', 'lint'),
        ],
      }),
      ctx(),
    );
    expect(out.episodes).toHaveLength(1);
    expect(out.episodes[0]).toMatchObject({ startedAt: T('10:00'), recoveredAt: T('10:50'), recovery: 'checks_passed', recoveryRef: 'ci / lint' });
    expect(out.signals).toHaveLength(2);
  });
});

describe('flagged and session recovery', () => {
  it('a session stopped 12 minutes after a flag: recovered by the stop, caught early (12 min ≤ 15 min)', () => {
    // session s1 (no PR): flagged 11:00, stopped 11:12 → duration 720 s
    const out = computeDriftFacts(
      base({
        sessions: [{ id: 's1', agent: 'codex', pr: null, branch: 'codex/s1', scopePaths: null, startedAt: T('10:30'), endedAt: null }],
        sessionEvents: [
          { session: 's1', id: 'e1', kind: 'flagged', at: T('11:00') },
          { session: 's1', id: 'e2', kind: 'stopped', at: T('11:12') },
        ],
      }),
      ctx(),
    );
    expect(out.units).toEqual([
      { unit: 'session:s1', unitKind: 'session', repo: 'acme/shop', prNumber: null, sessionId: 's1', person: 'codex', agent: true, agentRule: 'agent-session', startedAt: T('10:30') },
    ]);
    expect(out.episodes).toHaveLength(1);
    const e = out.episodes[0]!;
    expect(e).toMatchObject({ startedAt: T('11:00'), recoveredAt: T('11:12'), recovery: 'session_stopped', recoveryRef: 's1/e2', agent: true });
    expect((e.recoveredAt!.getTime() - e.startedAt.getTime()) / 1000).toBe(720);
  });

  it('a drift label added and removed on a PR; a session linked to the PR is one unit with it', () => {
    // label 'drift' 09:30 → flagged; unlabeled 11:30 → recovered (2 h); the session flags at 10:00 (joins)
    const out = computeDriftFacts(
      base({
        pullRequests: [pr(1, { author: 'ana' })],
        prAgent: new Map([[1, { agent: false, agentRule: null }]]),
        prEvents: [
          { number: 1, id: 'p1', kind: 'labeled', label: 'Drift', at: T('09:30') },
          { number: 1, id: 'p2', kind: 'unlabeled', label: 'drift', at: T('11:30') },
        ],
        sessions: [{ id: 's9', agent: 'codex', pr: 1, branch: 'feature-1', scopePaths: null, startedAt: T('08:00'), endedAt: null }],
        sessionEvents: [{ session: 's9', id: 'f', kind: 'flagged', at: T('10:00') }],
      }),
      ctx(),
    );
    expect(out.units).toHaveLength(1);
    expect(out.units[0]).toMatchObject({ unit: 'pr:acme/shop#1', sessionId: 's9', agent: true, agentRule: 'agent-session', startedAt: T('08:00') });
    expect(out.episodes).toHaveLength(1);
    expect(out.episodes[0]).toMatchObject({ startedAt: T('09:30'), recoveredAt: T('11:30'), recovery: 'label_removed' });
    expect(out.signals.map((s) => s.kind)).toEqual(['flagged', 'flagged']);
  });

  it('PR merged recovers; signals after the merge are ignored', () => {
    const out = computeDriftFacts(
      base({
        pullRequests: [pr(1, { mergedAt: T('12:00') })],
        prEvents: [
          { number: 1, id: 'p1', kind: 'labeled', label: 'drift', at: T('10:00') },
          { number: 1, id: 'p2', kind: 'labeled', label: 'drift', at: T('13:00') },
        ],
      }),
      ctx(),
    );
    expect(out.episodes.map((e) => [e.startedAt, e.recoveredAt, e.recovery])).toEqual([[T('10:00'), T('12:00'), 'pr_merged']]);
  });
});

describe('out_of_scope', () => {
  const codeOwners = [
    { position: 1, pathPattern: '*', owners: ['@acme/checkout'] },
    { position: 2, pathPattern: '/src/payments/', owners: ['@acme/payments'] },
  ];
  it('a commit touching a path CODEOWNERS assigns to another squad', () => {
    // ana (checkout) commits at 10:15 to src/payments/ledger.ts, owned by @acme/payments → signal at 10:15
    // and src/checkout/cart.ts (owned by checkout) → no reason; no recovery event → open
    const out = computeDriftFacts(
      base({
        pullRequests: [pr(1, { commits: ['c1', 'c0'] })],
        commits: [
          { sha: 'c0', author: 'ana', committedAt: T('10:00'), message: 'cart', files: [{ path: 'src/checkout/cart.ts', additions: 3 }] },
          { sha: 'c1', author: 'ana', committedAt: T('10:15'), message: 'x', files: [{ path: 'src/payments/ledger.ts', additions: 1 }, { path: 'src/checkout/cart.ts', additions: 1 }] },
        ],
        codeOwners,
      }),
      ctx(),
    );
    expect(out.episodes).toHaveLength(1);
    expect(out.episodes[0]).toMatchObject({ startedAt: T('10:15'), recoveredAt: null, recovery: null });
    expect(out.signals).toEqual([
      expect.objectContaining({ kind: 'out_of_scope', at: T('10:15'), ref: 'c1', detail: 'touched src/payments/ledger.ts (owned by payments)' }),
    ]);
  });

  it('the same commit by the owning squad is not out of scope', () => {
    const out = computeDriftFacts(
      base({
        pullRequests: [pr(1, { author: 'bo', commits: ['c1'] })],
        commits: [{ sha: 'c1', author: 'bo', committedAt: T('10:15'), message: 'x', files: [{ path: 'src/payments/ledger.ts', additions: 1 }] }],
        codeOwners,
      }),
      ctx(),
    );
    expect(out.episodes).toEqual([]);
  });

  it("a session commit outside the session's declared scope paths", () => {
    // codex session, scope src/checkout/cart/: the 10:40 commit touches src/checkout/search.ts → signal
    const out = computeDriftFacts(
      base({
        sessions: [{ id: 's1', agent: 'codex', pr: null, branch: 'codex/s1', scopePaths: ['src/checkout/cart/'], startedAt: T('10:00'), endedAt: T('12:00') }],
        commits: [
          { sha: 'a1', author: 'codex@agents.acme.test', committedAt: T('10:20'), message: 'x', files: [{ path: 'src/checkout/cart/total.ts', additions: 2 }] },
          { sha: 'a2', author: 'codex@agents.acme.test', committedAt: T('10:40'), message: 'y', files: [{ path: 'src/checkout/search.ts', additions: 2 }] },
          { sha: 'h1', author: 'ana', committedAt: T('10:50'), message: 'z', files: [{ path: 'src/other.ts', additions: 2 }] },
        ],
      }),
      ctx(),
    );
    expect(out.signals.map((s) => [s.kind, s.ref])).toEqual([['out_of_scope', 'a2']]);
    // the session's end (12:00, endedAt) recovers the episode
    expect(out.episodes[0]).toMatchObject({ startedAt: T('10:40'), recoveredAt: T('12:00'), recovery: 'session_ended' });
  });
});

describe('unreviewed_dependency', () => {
  const commits = [
    { sha: 'd1', author: 'codex', committedAt: T('10:00'), message: 'Add left-pad', files: [{ path: 'package.json', additions: 1 }, { path: 'package-lock.json', additions: 20 }] },
    { sha: 'd2', author: 'codex', committedAt: T('14:00'), message: 'Bump zod', files: [{ path: 'services/api/go.mod', additions: 1 }] },
  ];
  const input = (over: Partial<DriftRepoInput> = {}) =>
    base({
      pullRequests: [pr(1, { author: 'codex', commits: ['d1', 'd2'] })],
      prAgent: new Map([[1, { agent: true, agentRule: 'author-person-record' }]]),
      commits,
      ...over,
    });

  it('a bump before a human approval fires; one after it does not', () => {
    // human approval at 12:00: d1 (10:00) is before → signal; d2 (14:00) is after → none
    const out = computeDriftFacts(input({ reviews: [{ number: 1, id: 'rv', reviewer: 'ana', state: 'approved', submittedAt: T('12:00') }] }), ctx());
    expect(out.signals.map((s) => [s.kind, s.ref, s.detail])).toEqual([
      ['unreviewed_dependency', 'd1', 'changed package.json, package-lock.json before any human approval'],
    ]);
  });

  it("an agent's own approval or a comment does not count as a human approval", () => {
    const out = computeDriftFacts(
      input({
        reviews: [
          { number: 1, id: 'rv1', reviewer: 'codex', state: 'approved', submittedAt: T('09:00') },
          { number: 1, id: 'rv2', reviewer: 'ana', state: 'commented', submittedAt: T('09:30') },
        ],
      }),
      ctx(),
    );
    expect(out.signals.map((s) => s.ref)).toEqual(['d1', 'd2']);
    // both in one open episode (no recovery)
    expect(out.episodes).toHaveLength(1);
  });

  it('a human-authored PR changing a manifest is not a signal', () => {
    const out = computeDriftFacts(input({ pullRequests: [pr(1, { author: 'ana', commits: ['d1'] })], prAgent: new Map([[1, { agent: false, agentRule: null }]]) }), ctx());
    expect(out.signals).toEqual([]);
  });

  it('recognises manifests and lockfiles', () => {
    for (const p of ['package.json', 'a/yarn.lock', 'go.mod', 'requirements-dev.txt', 'pyproject.toml', 'Cargo.toml', 'pom.xml', 'build.gradle.kts', 'pnpm-lock.yaml']) expect(isManifest(p)).toBe(true);
    for (const p of ['src/package.ts', 'requirements.md', 'docs/go.mod.md']) expect(isManifest(p)).toBe(false);
  });
});

describe('retired_pattern / unknown_pattern', () => {
  it('fire from the citations classified as of merge (retired before the merge), at the PR’s last edit', () => {
    // citations come from pr_citations: PAT-003 retired at merge time, PAT-999 unknown; PAT-001 active → no signal
    // the PR was edited at 09:40 (before its merge at 15:00) → both signals at 09:40
    const out = computeDriftFacts(
      base({
        pullRequests: [pr(1, { mergedAt: T('15:00') })],
        prEvents: [{ number: 1, id: 'ed', kind: 'edited', label: null, at: T('09:40') }],
        citations: [
          { number: 1, patternKey: 'PAT-001', kind: 'active' },
          { number: 1, patternKey: 'PAT-003', kind: 'retired' },
          { number: 1, patternKey: 'PAT-999', kind: 'unknown' },
        ],
      }),
      ctx(),
    );
    expect(out.signals.map((s) => [s.kind, s.at, s.ref])).toEqual([
      ['retired_pattern', T('09:40'), 'PAT-003'],
      ['unknown_pattern', T('09:40'), 'PAT-999'],
    ]);
    expect(out.episodes[0]).toMatchObject({ recoveredAt: T('15:00'), recovery: 'pr_merged' });
  });
});

describe('episodes: property', () => {
  const KINDS = ['flagged', 'out_of_scope', 'repeated_failure', 'unreviewed_dependency'] as const;
  const RECOVERIES = ['session_stopped', 'session_rebriefed', 'session_ended', 'label_removed', 'pr_merged', 'pr_closed'] as const;
  it('episodes of a unit never overlap, every signal is in exactly one, and each recovered episode has start ≤ recovery', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom(...KINDS), at: fc.integer({ min: 0, max: 1000 }), check: fc.constantFrom('a', 'b') }), { maxLength: 25 }),
        fc.array(fc.record({ kind: fc.constantFrom(...RECOVERIES), at: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 6 }),
        fc.array(fc.record({ check: fc.constantFrom('a', 'b'), at: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 10 }),
        (sigs, recs, passList) => {
          const signals: SignalAt[] = sigs.map((s, i) => ({ kind: s.kind, at: s.at, detail: '', ref: String(i), ...(s.kind === 'repeated_failure' ? { check: s.check } : {}) }));
          const recoveries: RecoveryEvent[] = recs.map((r) => ({ kind: r.kind, at: r.at, ref: null }));
          const passes = new Map<string, number[]>();
          for (const p of passList) passes.set(p.check, [...(passes.get(p.check) ?? []), p.at]);
          const eps = buildEpisodes(signals, recoveries, passes);
          expect(eps.reduce((n, e) => n + e.signals.length, 0)).toBe(signals.length);
          for (let i = 0; i < eps.length; i++) {
            const e = eps[i]!;
            if (e.recoveredAt !== null) expect(e.startedAt).toBeLessThanOrEqual(e.recoveredAt);
            for (const s of e.signals) {
              expect(s.at).toBeGreaterThanOrEqual(e.startedAt);
              if (e.recoveredAt !== null) expect(s.at).toBeLessThanOrEqual(e.recoveredAt);
            }
            const next = eps[i + 1];
            if (next) {
              // only the last episode may be open, and the next one starts after this one recovered
              expect(e.recoveredAt).not.toBeNull();
              expect(next.startedAt).toBeGreaterThan(e.recoveredAt!);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
