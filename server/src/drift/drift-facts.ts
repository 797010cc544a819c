import type { DriftRecovery } from '@bearing/shared';
import type { IdentityIndex } from '../metrics/identity.js';
import type { MetricRules } from '../metrics/rules.js';
import { type CodeOwnersEntry, codeownersMatcher, scopeMatcher } from './codeowners.js';
import { type CheckRun, type RecoveryEvent, type SignalAt, buildEpisodes, repeatedFailures } from './episodes.js';
import { pushTo } from '../common/multimap.js';

/**
 * Drift facts of one repository (or of agent sessions without a repository), pure: work units
 * (PRs, agent sessions; a session linked to a PR is one unit with it), their signals
 * (metrics.md §Drift) and episodes.
 */

export type DriftRules = Pick<MetricRules, 'driftFailureStreak' | 'driftLabel'>;

export interface DriftPrInput {
  number: number;
  author: string;
  createdAt: Date;
  mergedAt: Date | null;
  closedAt: Date | null;
  headBranch: string;
  baseBranch: string;
  commits: string[] | null;
}

export interface DriftSessionInput {
  id: string;
  agent: string;
  pr: number | null;
  branch: string | null;
  scopePaths: string[] | null;
  startedAt: Date;
  endedAt: Date | null;
}

export interface DriftRepoInput {
  /** null: sessions without a repository */
  repo: string | null;
  /** squads owning the repository */
  repoSquads: string[];
  pullRequests: DriftPrInput[];
  /** agent identification of each PR (pr_facts: author identity, label, Co-authored-by trailer) */
  prAgent: Map<number, { agent: boolean; agentRule: string | null }>;
  prEvents: { number: number; id: string; kind: string; label: string | null; at: Date }[];
  reviews: { number: number; id: string; reviewer: string; state: string; submittedAt: Date }[];
  ciRuns: { id: string; workflow: string; job: string | null; branch: string; pr: number | null; status: string; finishedAt: Date }[];
  commits: { sha: string; author: string; committedAt: Date; message: string; files: { path: string; additions?: number | null }[] | null }[];
  sessions: DriftSessionInput[];
  sessionEvents: { session: string; id: string; kind: string; at: Date }[];
  codeOwners: Pick<CodeOwnersEntry, 'position' | 'pathPattern' | 'owners'>[];
  /** pattern citations of the PRs (kind as of merge) */
  citations: { number: number; patternKey: string; kind: string }[];
}

export interface DriftContext {
  rules: DriftRules;
  identities: IdentityIndex;
  /** owners of a CODEOWNERS line → squads */
  ownerSquads: (owners: string[]) => string[];
  /** a person's squads */
  personSquads: (personKey: string) => string[];
}

export interface DriftUnitFact {
  unit: string;
  unitKind: 'session' | 'pull_request';
  repo: string | null;
  prNumber: number | null;
  sessionId: string | null;
  /** the PR author or the session's agent (person key when known) */
  person: string;
  agent: boolean;
  agentRule: string | null;
  startedAt: Date;
}

export interface DriftEpisodeFact {
  id: string;
  unit: string;
  unitKind: 'session' | 'pull_request';
  repo: string | null;
  prNumber: number | null;
  sessionId: string | null;
  person: string;
  agent: boolean;
  startedAt: Date;
  recoveredAt: Date | null;
  recovery: DriftRecovery | null;
  recoveryRef: string | null;
}

export interface DriftSignalFact {
  episodeId: string;
  position: number;
  kind: string;
  at: Date;
  detail: string;
  ref: string | null;
}

/** Files that declare dependencies (manifests and lockfiles). */
const MANIFEST = /(^|\/)(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|go\.mod|go\.sum|requirements[^/]*\.txt|pyproject\.toml|poetry\.lock|Pipfile(\.lock)?|uv\.lock|Cargo\.toml|Cargo\.lock|pom\.xml|build\.gradle[^/]*|gradle\.lockfile)$/;

export const isManifest = (path: string): boolean => MANIFEST.test(path);

const ms = (d: Date | null | undefined) => (d ? d.getTime() : null);

interface Unit {
  fact: DriftUnitFact;
  pr: DriftPrInput | null;
  sessions: DriftSessionInput[];
}

/** PR units (with the sessions linked to them: by `pr`, else by branch) and session units. */
function buildUnits(input: DriftRepoInput, ctx: DriftContext): Unit[] {
  const units: Unit[] = [];
  const prUnits = new Map<number, Unit>();
  for (const pr of input.pullRequests) {
    const who = ctx.identities.resolve(pr.author);
    const a = input.prAgent.get(pr.number);
    const u: Unit = {
      fact: {
        unit: `pr:${input.repo}#${pr.number}`,
        unitKind: 'pull_request',
        repo: input.repo,
        prNumber: pr.number,
        sessionId: null,
        person: who.key,
        agent: a?.agent ?? who.kind === 'agent',
        agentRule: a?.agentRule ?? (who.kind === 'agent' ? `author-${who.rule}` : null),
        startedAt: pr.createdAt,
      },
      pr,
      sessions: [],
    };
    prUnits.set(pr.number, u);
    units.push(u);
  }
  const prsByBranch = new Map<string, DriftPrInput[]>();
  for (const pr of input.pullRequests) pushTo(prsByBranch, pr.headBranch, pr);
  for (const s of [...input.sessions].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.id < b.id ? -1 : 1))) {
    let linked = s.pr !== null ? prUnits.get(s.pr) : undefined;
    if (!linked && s.branch) {
      // the PR of the session's branch open during the session
      const pr = (prsByBranch.get(s.branch) ?? []).find(
        (p) => (ms(p.mergedAt) ?? ms(p.closedAt) ?? Infinity) >= s.startedAt.getTime() && p.createdAt.getTime() <= (ms(s.endedAt) ?? Infinity),
      );
      if (pr) linked = prUnits.get(pr.number);
    }
    if (linked) {
      linked.sessions.push(s);
      linked.fact.sessionId ??= s.id;
      if (!linked.fact.agent) {
        linked.fact.agent = true;
        linked.fact.agentRule = 'agent-session';
      }
      if (s.startedAt < linked.fact.startedAt) linked.fact.startedAt = s.startedAt;
      continue;
    }
    units.push({
      fact: {
        unit: `session:${s.id}`,
        unitKind: 'session',
        repo: input.repo,
        prNumber: null,
        sessionId: s.id,
        person: ctx.identities.resolve(s.agent).key,
        agent: true,
        agentRule: 'agent-session',
        startedAt: s.startedAt,
      },
      pr: null,
      sessions: [s],
    });
  }
  return units;
}

/** The drift facts of one repository's units (or of repo-less sessions). */
export function computeDriftFacts(
  input: DriftRepoInput,
  ctx: DriftContext,
): { units: DriftUnitFact[]; episodes: DriftEpisodeFact[]; signals: DriftSignalFact[] } {
  const units = buildUnits(input, ctx);
  const commitBySha = new Map(input.commits.map((c) => [c.sha, c]));
  // commits listed by a PR belong to that PR's unit, never to a session unit
  const prCommits = new Set(input.pullRequests.flatMap((p) => p.commits ?? []));
  const owners = input.codeOwners.length ? codeownersMatcher(input.codeOwners) : null;
  const driftLabel = ctx.rules.driftLabel.toLowerCase();
  const eventsByPr = new Map<number, DriftRepoInput['prEvents']>();
  for (const e of input.prEvents) pushTo(eventsByPr, e.number, e);
  const reviewsByPr = new Map<number, DriftRepoInput['reviews']>();
  for (const r of input.reviews) pushTo(reviewsByPr, r.number, r);
  const citationsByPr = new Map<number, DriftRepoInput['citations']>();
  for (const c of input.citations) pushTo(citationsByPr, c.number, c);
  const sessionEvents = new Map<string, DriftRepoInput['sessionEvents']>();
  for (const e of input.sessionEvents) pushTo(sessionEvents, e.session, e);

  const out = { units: [] as DriftUnitFact[], episodes: [] as DriftEpisodeFact[], signals: [] as DriftSignalFact[] };
  for (const u of units) {
    out.units.push(u.fact);
    const pr = u.pr;
    const signals: SignalAt[] = [];
    const recoveries: RecoveryEvent[] = [];

    // the unit's commits: the PR's, else the agent's commits (or commits naming it as co-author) during the
    // session that no PR lists
    let commits: DriftRepoInput['commits'] = [];
    if (pr) commits = (pr.commits ?? []).map((s) => commitBySha.get(s)).filter((c): c is NonNullable<typeof c> => c !== undefined);
    else {
      const s = u.sessions[0]!;
      const start = s.startedAt.getTime();
      const end = ms(s.endedAt) ?? Infinity;
      commits = input.commits.filter((c) => {
        const t = c.committedAt.getTime();
        if (t < start || t > end || prCommits.has(c.sha)) return false;
        return ctx.identities.resolve(c.author).key === u.fact.person || ctx.identities.agentCoAuthor(c.message) === u.fact.person;
      });
    }

    // repeated_failure: CI runs of the PR, or on the unit's branch (during the session for a session unit)
    const runs: CheckRun[] = [];
    for (const r of input.ciRuns) {
      let mine = false;
      if (pr) mine = r.pr === pr.number || (r.pr === null && r.branch === pr.headBranch && pr.headBranch !== pr.baseBranch);
      else {
        const s = u.sessions[0]!;
        mine = s.branch !== null && r.branch === s.branch && r.finishedAt >= s.startedAt && (s.endedAt === null || r.finishedAt <= s.endedAt);
      }
      if (mine) runs.push({ id: r.id, workflow: r.workflow, job: r.job, status: r.status, finishedAt: r.finishedAt.getTime() });
    }
    const ci = repeatedFailures(runs, ctx.rules.driftFailureStreak);
    signals.push(...ci.signals);

    // out_of_scope: CODEOWNERS of another squad, or outside the session's declared scope
    const person = u.fact.person;
    const mySquads = new Set(
      (() => {
        const own = ctx.personSquads(person).filter((s) => input.repoSquads.includes(s));
        return own.length ? own : input.repoSquads;
      })(),
    );
    const scopes = u.sessions.flatMap((s) => s.scopePaths ?? []);
    const inScope = scopes.length ? scopeMatcher(scopes) : null;
    for (const c of commits) {
      const reasons: string[] = [];
      // manifests are repository-wide (a dependency change is its own signal, unreviewed_dependency)
      for (const f of (c.files ?? []).filter((x) => !isManifest(x.path))) {
        if (owners && mySquads.size) {
          const o = owners(f.path);
          const squads = o ? ctx.ownerSquads(o) : [];
          if (squads.length && !squads.some((s) => mySquads.has(s))) reasons.push(`${f.path} (owned by ${squads.join(', ')})`);
          else if (inScope && !inScope(f.path)) reasons.push(`${f.path} (outside the session scope)`);
        } else if (inScope && !inScope(f.path)) reasons.push(`${f.path} (outside the session scope)`);
      }
      if (reasons.length) {
        signals.push({
          kind: 'out_of_scope',
          at: c.committedAt.getTime(),
          detail: `touched ${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? ` and ${reasons.length - 3} more` : ''}`,
          ref: c.sha,
        });
      }
    }

    // unreviewed_dependency: an agent unit changes a manifest before any human approval
    if (u.fact.agent) {
      const approvals = pr
        ? (reviewsByPr.get(pr.number) ?? [])
            .filter((r) => r.state === 'approved')
            .filter((r) => {
              const who = ctx.identities.resolve(r.reviewer);
              return who.kind === 'human' && who.key !== person;
            })
            .map((r) => r.submittedAt.getTime())
        : [];
      const firstApproval = approvals.length ? Math.min(...approvals) : Infinity;
      for (const c of commits) {
        const manifests = (c.files ?? []).filter((f) => isManifest(f.path) && (f.additions ?? 1) > 0).map((f) => f.path);
        if (manifests.length && c.committedAt.getTime() < firstApproval) {
          signals.push({
            kind: 'unreviewed_dependency',
            at: c.committedAt.getTime(),
            detail: `changed ${manifests.join(', ')} before any human approval`,
            ref: c.sha,
          });
        }
      }
    }

    if (pr) {
      const events = [...(eventsByPr.get(pr.number) ?? [])].sort((a, b) => a.at.getTime() - b.at.getTime());
      // retired_pattern / unknown_pattern: at the PR's last edit before its merge, else its creation
      const end = ms(pr.mergedAt) ?? Infinity;
      const edits = events.filter((e) => e.kind === 'edited' && e.at.getTime() <= end);
      const textAt = edits.length ? edits[edits.length - 1]!.at.getTime() : pr.createdAt.getTime();
      for (const c of citationsByPr.get(pr.number) ?? []) {
        if (c.kind === 'retired') signals.push({ kind: 'retired_pattern', at: textAt, detail: `cites retired pattern ${c.patternKey}`, ref: c.patternKey });
        if (c.kind === 'unknown') signals.push({ kind: 'unknown_pattern', at: textAt, detail: `cites ${c.patternKey}, not in the library`, ref: c.patternKey });
      }
      for (const e of events) {
        if ((e.label ?? '').toLowerCase() !== driftLabel) continue;
        if (e.kind === 'labeled') signals.push({ kind: 'flagged', at: e.at.getTime(), detail: `label '${e.label}' added`, ref: e.id });
        if (e.kind === 'unlabeled') recoveries.push({ kind: 'label_removed', at: e.at.getTime(), ref: e.id });
      }
      if (pr.mergedAt) recoveries.push({ kind: 'pr_merged', at: pr.mergedAt.getTime(), ref: `#${pr.number}` });
      else if (pr.closedAt) recoveries.push({ kind: 'pr_closed', at: pr.closedAt.getTime(), ref: `#${pr.number}` });
    }
    for (const s of u.sessions) {
      let ended = false;
      for (const e of sessionEvents.get(s.id) ?? []) {
        const at = e.at.getTime();
        if (e.kind === 'flagged') signals.push({ kind: 'flagged', at, detail: `session ${s.id} flagged`, ref: `${s.id}/${e.id}` });
        else if (e.kind === 'stopped') recoveries.push({ kind: 'session_stopped', at, ref: `${s.id}/${e.id}` });
        else if (e.kind === 'rebriefed') recoveries.push({ kind: 'session_rebriefed', at, ref: `${s.id}/${e.id}` });
        else if (e.kind === 'ended') {
          recoveries.push({ kind: 'session_ended', at, ref: `${s.id}/${e.id}` });
          ended = true;
        }
      }
      if (!ended && s.endedAt) recoveries.push({ kind: 'session_ended', at: s.endedAt.getTime(), ref: s.id });
    }

    // the unit is over once its PR is merged or closed, or its (only) session has ended
    const over = pr
      ? (ms(pr.mergedAt) ?? ms(pr.closedAt) ?? Infinity)
      : Math.min(...recoveries.filter((r) => r.kind === 'session_ended').map((r) => r.at), Infinity);
    const live = signals.filter((s) => s.at < over);
    for (const ep of buildEpisodes(live, recoveries, ci.passes)) {
      const id = `${u.fact.unit}@${new Date(ep.startedAt).toISOString()}`;
      out.episodes.push({
        id,
        unit: u.fact.unit,
        unitKind: u.fact.unitKind,
        repo: u.fact.repo,
        prNumber: u.fact.prNumber,
        sessionId: u.fact.sessionId,
        person: u.fact.person,
        agent: u.fact.agent,
        startedAt: new Date(ep.startedAt),
        recoveredAt: ep.recoveredAt === null ? null : new Date(ep.recoveredAt),
        recovery: ep.recovery,
        recoveryRef: ep.recoveryRef,
      });
      ep.signals.forEach((s, position) =>
        out.signals.push({ episodeId: id, position, kind: s.kind, at: new Date(s.at), detail: s.detail, ref: s.ref }),
      );
    }
  }
  return out;
}
