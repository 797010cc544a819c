/**
 * The event simulation of one repository, from the start of the history to `end`, day by day.
 * PR merges, direct commits and deployments are timed events in a heap processed in time
 * order, so `main` grows as a proper chain (merge commits with two parents), deployments
 * ship the `main` head of their moment, and incidents/rollbacks/hotfixes follow deployments.
 * Records are buffered per day and yielded, so memory is bounded by the open PRs of one repo.
 */
import { createHash } from 'node:crypto';
import type {
  AgentSessionEventKind,
  AgentSessionEventRecord,
  AgentSessionRecord,
  CanonicalRecord,
  CiRunRecord,
  CiStatus,
  CommitRecord,
  DeploymentRecord,
  FileChange,
  IncidentCause,
  IncidentRecord,
  PrEventKind,
  PrEventRecord,
  PullRequestRecord,
  ReviewRecord,
  ReviewState,
} from '@bearing/shared';
import type { SquadBehaviour } from './archetypes.js';
import { areaRoot } from './codeowners.js';
import { TimeHeap } from './heap.js';
import {
  DIRECT_COMMIT_MESSAGES,
  DRIFT_NOTES,
  FILE_STEMS,
  GO_MODULES,
  INCIDENT_TITLES,
  MODULES,
  NPM_PACKAGES,
  PR_OBJECTS,
  PR_VERBS,
  PY_PACKAGES,
  REBRIEF_NOTES,
} from './names.js';
import { WEEKEND_ACTIVITY, type OrgModel, type PatternModel, type PersonModel, type RepoModel, type ServiceModel, type SquadModel } from './org.js';
import { Rng } from './random.js';
import { DAY, HOUR, MINUTE, WEEK, clamp, iso, isWeekend, localWeekday, snapBackward, snapForward, utcMidnight, workingTimeOn } from './time.js';

type Env = 'production' | 'staging';
type DeployKind = 'normal' | 'retry' | 'rollback' | 'hotfix';
type PrKind = 'feature' | 'fix' | 'hotfix' | 'dependency';
type CiJob = 'test' | 'lint';

interface MainCommit {
  sha: string;
  at: number;
}

interface Branch {
  name: string;
  head: string;
  lastAt: number;
  commits: CommitRecord[];
}

interface SessionPlan {
  record: AgentSessionRecord;
  events: AgentSessionEventRecord[];
  stoppedAt: number | null;
}

interface PrPlan {
  number: number;
  kind: PrKind;
  author: PersonModel;
  merger: PersonModel;
  title: string;
  body: string;
  createdAt: number;
  branch: Branch;
  events: PrEventRecord[];
  reviews: ReviewRecord[];
  runs: CiRunRecord[];
  outcome: 'merge' | 'close' | 'open';
  session: SessionPlan | null;
  /** where the PR's code lives (review fixes stay there); bot PRs have none */
  area?: { squad: SquadModel; module: string };
}

type SimEvent =
  | { type: 'resolve'; at: number; pr: PrPlan }
  | { type: 'deploy'; at: number; service: ServiceModel; env: Env; kind: DeployKind; sha: string | null }
  | { type: 'direct'; at: number; author: PersonModel };

interface ProdDeployment {
  id: string;
  sha: string;
  at: number;
}

interface ServiceState {
  deployments: number;
  incidents: number;
  lastSha: Record<Env, string | null>;
  prod: ProdDeployment[];
  frozenUntil: number;
  pendingPrs: number[];
}

interface DriftResult {
  stopped: boolean;
  /** when the agent carries on (after the rebrief), or when it was stopped */
  at: number;
}

interface Pool {
  people: PersonModel[];
  weights: number[];
}

const UNKNOWN_PATTERN_KEYS = ['PAT-999', 'PAT-998', 'PAT-404'] as const;
const FOLLOW_UP_MESSAGES = ['Add tests', 'Handle edge case', 'Tidy up', 'Address lint', 'Update docs', 'Refine naming', 'WIP', 'Simplify'];
const RING_SIZE = 64;

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function activeAt(patterns: readonly PatternModel[], at: number): PatternModel[] {
  return patterns.filter((p) => p.createdAt <= at && (p.retiredAt === null || p.retiredAt > at));
}

function retiredAt(patterns: readonly PatternModel[], at: number): PatternModel[] {
  return patterns.filter((p) => p.retiredAt !== null && p.retiredAt <= at);
}

export class RepoSimulation {
  private readonly rng: Rng;
  private readonly primary: SquadModel;
  private readonly b: SquadBehaviour;
  private readonly endIso: string;
  private readonly heap = new TimeHeap<SimEvent>();
  private readonly ring: MainCommit[] = [];
  private readonly serviceState = new Map<string, ServiceState>();
  private readonly authorPool: Pool;
  private readonly reviewerPool: Pool;
  private readonly agentPool: { agent: PersonModel; squad: SquadModel }[];
  /** jobs of the `ci` workflow: Go repositories lint inside `test` */
  private readonly jobs: readonly CiJob[];
  private out: CanonicalRecord[] = [];
  private main: MainCommit = { sha: '', at: 0 };
  private commitSeq = 0;
  private prSeq: number;
  private ciSeq: number;
  private sessionSeq = 0;

  constructor(
    private readonly org: OrgModel,
    private readonly repo: RepoModel,
  ) {
    this.rng = Rng.derive(org.seed, 'repo', repo.key);
    this.primary = repo.squads[0]!;
    this.b = this.primary.behaviour;
    this.endIso = iso(org.end);
    this.prSeq = this.rng.int(0, 300);
    this.ciSeq = this.rng.int(1_000_000, 9_000_000);
    this.authorPool = this.buildAuthorPool();
    this.reviewerPool = this.buildReviewerPool();
    this.jobs = repo.language === 'go' ? ['test'] : ['test', 'lint'];
    this.agentPool = repo.squads.flatMap((squad) => squad.agents.map((agent) => ({ agent, squad })));
    for (const service of repo.services) {
      this.serviceState.set(service.key, {
        deployments: 0,
        incidents: 0,
        lastSha: { production: null, staging: null },
        prod: [],
        frozenUntil: 0,
        pendingPrs: [],
      });
    }
  }

  *run(): Generator<CanonicalRecord> {
    this.rootCommit();
    yield* this.drain();
    for (let day = utcMidnight(this.org.start); day < this.org.end; day += DAY) {
      if (day + DAY > this.org.start) this.planDay(day);
      this.processUntil(Math.min(day + DAY, this.org.end));
      yield* this.drain();
    }
    // A few incidents are still being worked on at the end (always one for a struggling squad).
    for (const service of this.repo.services) {
      if (this.rng.chance(service.squads[0]!.behaviour.archetype === 'struggling' ? 1 : 0.12)) {
        this.incident(service, this.org.end - this.rng.int(2, 72) * HOUR, Number.POSITIVE_INFINITY, null);
      }
    }
    // Whatever is still pending happens after `end`: PRs stay open, deployments never happen.
    for (let ev = this.heap.pop(); ev; ev = this.heap.pop()) {
      if (ev.type === 'resolve') this.resolvePr(ev.pr, Number.POSITIVE_INFINITY);
    }
    yield* this.drain();
  }

  private drain(): CanonicalRecord[] {
    const batch = this.out;
    this.out = [];
    return batch;
  }

  private emit(record: CanonicalRecord): void {
    this.out.push(record);
  }

  // ---------------------------------------------------------------- people

  private buildAuthorPool(): Pool {
    const people: PersonModel[] = [];
    const weights: number[] = [];
    this.repo.squads.forEach((squad, i) => {
      for (const person of squad.humans) {
        if (people.includes(person)) continue;
        people.push(person);
        weights.push((i === 0 ? 1 : 0.35) * (person.roles.includes('practice_lead') ? 0.2 : 1));
      }
    });
    if (people.length === 0) {
      for (const person of this.org.humans.slice(0, 3)) {
        people.push(person);
        weights.push(1);
      }
    }
    return { people, weights };
  }

  private buildReviewerPool(): Pool {
    const people: PersonModel[] = [];
    const weights: number[] = [];
    this.repo.squads.forEach((squad, i) => {
      let busiest = i === 0;
      for (const person of squad.humans) {
        if (people.includes(person) || person.roles.includes('practice_lead')) continue;
        people.push(person);
        weights.push(i === 0 ? (busiest ? this.b.reviewerSkew : 1) : 0.4);
        busiest = false;
      }
    });
    for (const person of this.org.humans.slice(0, 4)) {
      if (!people.includes(person)) {
        people.push(person);
        weights.push(0.05);
      }
    }
    return { people, weights };
  }

  private pickFrom(pool: Pool, exclude: PersonModel | null): PersonModel {
    for (let tries = 0; tries < 8; tries++) {
      const person = this.rng.weighted(pool.people, pool.weights);
      if (person !== exclude) return person;
    }
    return pool.people.find((p) => p !== exclude) ?? this.org.humans.find((p) => p !== exclude)!;
  }

  private pickPracticeLead(exclude: PersonModel | null): PersonModel | null {
    const leads = this.org.practiceLeads.filter((p) => p !== exclude);
    return leads.length > 0 ? this.rng.pick(leads) : null;
  }

  /** Who notices drift: a practice lead now and then, otherwise someone in the squad. */
  private pickFlagger(): PersonModel {
    const lead = this.rng.chance(0.4) ? this.pickPracticeLead(null) : null;
    return lead ?? this.pickFrom(this.reviewerPool, null);
  }

  private onCallHuman(): PersonModel {
    const onCall = this.primary.humans.filter((p) => p.pagerduty !== null);
    return this.rng.pick(onCall.length > 0 ? onCall : this.authorPool.people);
  }

  private identity(person: PersonModel): string {
    return person.altEmail && this.rng.chance(0.3) ? person.altEmail : person.email;
  }

  private squadOf(person: PersonModel): SquadModel {
    return this.repo.squads.find((s) => person.squads.includes(s.key)) ?? this.primary;
  }

  // ---------------------------------------------------------------- files and commits

  private areaRoot(area: string): string {
    return areaRoot(this.repo, area);
  }

  private manifests(): readonly string[] {
    switch (this.repo.language) {
      case 'ts':
        return ['package.json', 'package-lock.json'];
      case 'go':
        return ['go.mod', 'go.sum'];
      case 'py':
        return ['requirements.txt', 'pyproject.toml'];
    }
  }

  private change(path: string, scale = 1): FileChange {
    return {
      path,
      additions: Math.round(this.rng.lognormal(16 * scale, 1)),
      deletions: Math.round(this.rng.lognormal(5 * scale, 1.1)),
    };
  }

  private codeFiles(area: string, module: string, count: number): FileChange[] {
    const paths = new Set<string>();
    for (let i = 0; i < count; i++) {
      const stem = this.rng.pick(FILE_STEMS);
      const root = this.areaRoot(area);
      switch (this.repo.language) {
        case 'ts':
          paths.add(`${root}${module}/${stem}.ts`);
          if (this.rng.chance(0.45)) paths.add(`test/${area}/${module}/${stem}.spec.ts`);
          break;
        case 'go':
          paths.add(`${root}${module}/${stem}.go`);
          if (this.rng.chance(0.45)) paths.add(`${root}${module}/${stem}_test.go`);
          break;
        case 'py':
          paths.add(`${root}${module}/${stem}.py`);
          if (this.rng.chance(0.45)) paths.add(`tests/${area}/test_${stem}.py`);
          break;
      }
    }
    return [...paths].map((p) => this.change(p));
  }

  private manifestFiles(): FileChange[] {
    return this.manifests().map((p, i) => this.change(p, i === 0 ? 0.1 : 2));
  }

  /** Another squad's code area: the repo's co-owner, or a squad elsewhere in the org. */
  private foreignArea(own: SquadModel): string {
    const coOwner = this.repo.squads.find((s) => s !== own);
    if (coOwner) return coOwner.stem;
    const others = this.org.squads.filter((s) => s !== own);
    return others.length > 0 ? this.rng.pick(others).stem : 'shared';
  }

  private sha(): string {
    return createHash('sha1').update(`${this.org.seed}:${this.repo.key}:${++this.commitSeq}`).digest('hex');
  }

  private makeCommit(parents: string[], author: PersonModel, authoredAt: number, message: string, files: FileChange[]): CommitRecord {
    const committedAt = this.rng.chance(0.15) ? authoredAt + this.rng.int(1, 30) * MINUTE : authoredAt;
    const record: CommitRecord = {
      type: 'commit',
      repo: this.repo.key,
      sha: this.sha(),
      parents,
      author: author.kind === 'bot' ? author.email : this.identity(author),
      authoredAt: iso(authoredAt),
      committedAt: iso(committedAt),
      message,
    };
    if (files.length > 0) record.files = files;
    return record;
  }

  private newBranch(name: string, at: number): Branch {
    let base = this.ring[0]!;
    for (let i = this.ring.length - 1; i >= 0; i--) {
      if (this.ring[i]!.at <= at) {
        base = this.ring[i]!;
        break;
      }
    }
    return { name, head: base.sha, lastAt: base.at, commits: [] };
  }

  /** Adds a commit on top of the branch; returns its (possibly nudged) time. */
  private branchCommit(branch: Branch, author: PersonModel, at: number, message: string, files: FileChange[]): number {
    const time = Math.max(at, branch.lastAt + MINUTE);
    const commit = this.makeCommit([branch.head], author, time, message, files);
    branch.commits.push(commit);
    branch.head = commit.sha;
    branch.lastAt = Date.parse(commit.committedAt);
    return time;
  }

  private setMain(commit: CommitRecord): void {
    this.main = { sha: commit.sha, at: Date.parse(commit.committedAt) };
    this.ring.push(this.main);
    if (this.ring.length > RING_SIZE) this.ring.shift();
  }

  private rootCommit(): void {
    const author = this.authorPool.people[0]!;
    const at = this.org.start - this.rng.int(30, 120) * DAY;
    const files = [this.change('README.md'), ...this.manifestFiles(), this.change('.github/workflows/ci.yml')];
    const commit = this.makeCommit([], author, at, 'Initial commit', files);
    this.emit(commit);
    this.setMain(commit);
  }

  // ---------------------------------------------------------------- CI

  private ciRun(branch: string, sha: string, pr: number | null, workflow: string, job: string, status: CiStatus, startedAt: number, minutes: number): CiRunRecord {
    const record: CiRunRecord = {
      type: 'ci_run',
      repo: this.repo.key,
      id: String(++this.ciSeq),
      workflow,
      job,
      branch,
      sha,
      pr,
      status,
      startedAt: iso(startedAt),
      finishedAt: iso(startedAt + minutes * MINUTE),
    };
    return record;
  }

  /** The `ci` workflow (jobs test and lint) for the branch head; `failing` forces one job red. */
  private push(branch: Branch, at: number, pr: number | null, failing: CiJob | null, runs: CiRunRecord[]): void {
    const start = Math.max(at, branch.lastAt) + this.rng.int(1, 3) * MINUTE;
    for (const job of this.jobs) {
      let status: CiStatus = 'success';
      if (job === failing) status = 'failure';
      else if (failing === null && job === 'test' && this.rng.chance(this.b.ciFailure)) status = 'failure';
      else if (this.rng.chance(0.005)) status = 'cancelled';
      const minutes = job === 'test' ? this.rng.int(4, 12) : this.rng.int(1, 3);
      runs.push(this.ciRun(branch.name, branch.head, pr, 'ci', job, status, start, minutes));
    }
  }

  // ---------------------------------------------------------------- PR text

  private prTitle(module: string): string {
    const base = `${this.rng.pick(PR_VERBS)} ${this.rng.pick(PR_OBJECTS)}`;
    return this.rng.chance(0.5) ? `${base} in ${module}` : base;
  }

  /** A body citing patterns: active ones often, retired ones (the drift squad) and unknown keys rarely. */
  private prBody(title: string, createdAt: number, agent: boolean, extra: string | null): string {
    const lines = [`${title}.`];
    if (extra) lines.push(extra);
    const b = this.b;
    if (this.rng.chance(b.citeActive * (agent ? 0.8 : 1))) {
      const active = activeAt(this.org.patterns, createdAt);
      if (active.length > 0) {
        const p = this.rng.pick(active);
        lines.push(this.rng.chance(0.85) ? `Follows ${p.key} (${p.title}).` : `Pattern: docs/patterns/${p.key}.md`);
      }
    }
    if (this.rng.chance(b.citeRetired * (agent ? 1.6 : 1))) {
      const retired = retiredAt(this.org.patterns, createdAt);
      if (retired.length > 0) lines.push(`Uses ${this.rng.pick(retired).key} for the error path.`);
    }
    if (this.rng.chance(b.citeUnknown)) lines.push(`See ${this.rng.pick(UNKNOWN_PATTERN_KEYS)}.`);
    return lines.join('\n\n');
  }

  private prEvent(plan: { events: PrEventRecord[]; number: number }, kind: PrEventKind, at: number, actor: PersonModel, label: string | null): void {
    const record: PrEventRecord = {
      type: 'pr_event',
      repo: this.repo.key,
      number: plan.number,
      id: `ev-${plan.events.length + 1}`,
      kind,
      at: iso(at),
      actor: actor.key,
    };
    if (label !== null) record.label = label;
    plan.events.push(record);
  }

  private review(plan: { reviews: ReviewRecord[]; number: number }, reviewer: PersonModel, state: ReviewState, at: number): void {
    plan.reviews.push({
      type: 'review',
      repo: this.repo.key,
      number: plan.number,
      id: `rv-${plan.reviews.length + 1}`,
      reviewer: reviewer.key,
      state,
      submittedAt: iso(at),
    });
  }

  // ---------------------------------------------------------------- agent sessions

  private newSession(agent: PersonModel, branch: string, pr: number | null, task: string, scopePaths: string[], startedAt: number): SessionPlan {
    return {
      record: {
        type: 'agent_session',
        id: `ses-${this.repo.name}-${++this.sessionSeq}`,
        agent: agent.key,
        repo: this.repo.key,
        pr,
        branch,
        task,
        scopePaths,
        startedAt: iso(startedAt),
      },
      events: [],
      stoppedAt: null,
    };
  }

  private sessionEvent(session: SessionPlan, kind: AgentSessionEventKind, at: number, by: PersonModel, note: string | null): void {
    const record: AgentSessionEventRecord = {
      type: 'agent_session_event',
      session: session.record.id,
      id: `e${session.events.length + 1}`,
      kind,
      at: iso(at),
      by: by.key,
    };
    if (note !== null) record.note = note;
    session.events.push(record);
  }

  /**
   * A drift episode on an agent's branch: failing-test retries, out-of-scope edits and/or a
   * dependency added without review, flagged by a human and ended by a stop or a rebrief.
   * Its length is the squad's story: minutes for elite squads, hours for the drift squad.
   */
  private drift(
    branch: Branch,
    session: SessionPlan,
    pr: { events: PrEventRecord[]; number: number } | null,
    runs: CiRunRecord[],
    agent: PersonModel,
    squad: SquadModel,
    module: string,
    startAt: number,
  ): DriftResult {
    const b = this.b;
    const rng = this.rng;
    const duration = clamp(rng.lognormal(b.driftMinutes, 0.8), 3, 14 * 60) * MINUTE;
    let streak = rng.chance(0.65);
    const outOfScope = rng.chance(0.45);
    const dependency = rng.chance(0.35);
    if (!streak && !outOfScope && !dependency) streak = true;
    const job: CiJob = this.jobs.length > 1 && rng.chance(0.3) ? 'lint' : 'test';
    const steps: { at: number; act: () => void }[] = [];
    const prNumber = pr?.number ?? null;
    if (streak) {
      const count = clamp(Math.round(duration / (40 * MINUTE)), 3, 6);
      for (let k = 0; k < count; k++) {
        const at = startAt + (duration * 0.9 * k) / count;
        steps.push({
          at,
          act: () => {
            const t = this.branchCommit(branch, agent, at, `Retry: adjust ${module} ${job} expectations`, this.codeFiles(squad.stem, module, 1));
            this.push(branch, t, prNumber, job, runs);
          },
        });
      }
    }
    if (outOfScope) {
      const at = startAt + (streak ? duration * 0.45 : 0);
      steps.push({
        at,
        act: () => {
          const files = [...this.codeFiles(this.foreignArea(squad), this.rng.pick(MODULES), 1), ...this.codeFiles(squad.stem, module, 1)];
          this.branchCommit(branch, agent, at, 'Update shared helper used by the handler', files);
        },
      });
    }
    if (dependency) {
      const at = startAt + (streak || outOfScope ? duration * 0.6 : 0);
      steps.push({
        at,
        act: () => {
          this.branchCommit(branch, agent, at, `Add ${this.dependencyName()} dependency`, [...this.manifestFiles(), ...this.codeFiles(squad.stem, module, 1)]);
        },
      });
    }
    steps.sort((x, y) => x.at - y.at);
    for (const step of steps) step.act();
    const recoveredAt = Math.max(startAt + duration, branch.lastAt + MINUTE);
    const flagAt = startAt + (recoveredAt - startAt) * rng.float(0.35, 0.95);
    const flagger = this.pickFlagger();
    this.sessionEvent(session, 'flagged', flagAt, flagger, rng.pick(DRIFT_NOTES));
    const labelled = pr !== null && rng.chance(b.driftLabelShare);
    if (labelled) this.prEvent(pr, 'labeled', flagAt, flagger, 'drift');
    if (rng.chance(b.driftStopShare)) {
      this.sessionEvent(session, 'stopped', recoveredAt, flagger, 'Stopped: drifting');
      session.stoppedAt = recoveredAt;
      return { stopped: true, at: recoveredAt };
    }
    this.sessionEvent(session, 'rebriefed', recoveredAt, flagger, rng.pick(REBRIEF_NOTES));
    if (labelled) this.prEvent(pr, 'unlabeled', recoveredAt + rng.int(1, 10) * MINUTE, flagger, 'drift');
    const resumedAt = recoveredAt + rng.int(3, 20) * MINUTE;
    this.sessionEvent(session, 'resumed', resumedAt, agent, null);
    const fixAt = this.branchCommit(branch, agent, resumedAt + rng.int(5, 20) * MINUTE, 'Apply rebrief: narrow the change', this.codeFiles(squad.stem, module, 1));
    this.push(branch, fixAt, prNumber, null, runs);
    return { stopped: false, at: fixAt + 15 * MINUTE };
  }

  private dependencyName(): string {
    switch (this.repo.language) {
      case 'ts':
        return this.rng.pick(NPM_PACKAGES);
      case 'go':
        return this.rng.pick(GO_MODULES);
      case 'py':
        return this.rng.pick(PY_PACKAGES);
    }
  }

  private scopePaths(squad: SquadModel, module: string): string[] {
    const root = `${this.areaRoot(squad.stem)}${module}/`;
    if (this.repo.language === 'ts') return [root, `test/${squad.stem}/${module}/`];
    return this.repo.language === 'py' ? [root, `tests/${squad.stem}/`] : [root];
  }

  // ---------------------------------------------------------------- day planning

  private planDay(day: number): void {
    const rng = this.rng;
    const b = this.b;
    const weekend = isWeekend(day + 12 * HOUR);
    const activity = weekend ? WEEKEND_ACTIVITY : 1;
    const prs = rng.poisson(this.repo.prRate * activity);
    for (let i = 0; i < prs; i++) {
      if (this.agentPool.length > 0 && rng.chance(b.agentShare)) {
        const { agent, squad } = rng.pick(this.agentPool);
        this.agentPr(agent, squad, workingTimeOn(day, 0, rng) + rng.int(-120, 120) * MINUTE);
      } else {
        const author = rng.weighted(this.authorPool.people, this.authorPool.weights);
        this.humanPr(author, rng.chance(0.3) ? 'fix' : 'feature', workingTimeOn(day, author.offsetMinutes, rng), null);
      }
    }
    if (rng.chance(0.07)) this.dependencyPr(day);
    if (!weekend && rng.chance(0.1)) {
      const author = this.rng.pick(this.primary.humans.length > 0 ? this.primary.humans : this.authorPool.people);
      this.heap.push({ type: 'direct', at: workingTimeOn(day, author.offsetMinutes, rng), author });
    }
    if (this.agentPool.length > 0 && rng.chance((b.agentSessionsWithoutPrPerWeek / 5) * (weekend ? 0.2 : 1))) {
      const { agent, squad } = rng.pick(this.agentPool);
      this.agentSessionOnly(agent, squad, workingTimeOn(day, 0, rng) + rng.int(-180, 180) * MINUTE);
    }
    for (const service of this.repo.services) this.planService(service, day, weekend);
  }

  private planService(service: ServiceModel, day: number, weekend: boolean): void {
    const rng = this.rng;
    const b = service.squads[0]!.behaviour;
    if (!weekend) {
      // Weekly deployers run a release train: the whole squad ships on its release day, some weeks.
      const train =
        b.deployMode === 'weekly' &&
        localWeekday(day + 12 * HOUR) === service.deployWeekday &&
        Rng.derive(this.org.seed, 'release-train', service.squads[0]!.key, Math.floor(day / WEEK)).chance(b.deployProbability);
      if ((b.deployMode === 'daily' && rng.chance(b.deployProbability)) || (train && rng.chance(0.9))) {
        const at = day + rng.int(11 * 60, 16 * 60 + 30) * MINUTE;
        if (rng.chance(b.stagingShare)) this.scheduleDeploy(service, 'staging', at - rng.int(60, 180) * MINUTE, 'normal', null);
        this.scheduleDeploy(service, 'production', at, 'normal', null);
      }
      // Continuous deployers also sweep anything still undeployed at the end of the day.
      if (b.deployMode === 'continuous' && rng.chance(0.9)) {
        this.scheduleDeploy(service, 'production', day + rng.int(16 * 60, 17 * 60 + 30) * MINUTE, 'normal', null);
      }
    }
    if (rng.chance(b.unrelatedIncidentsPerWeek / 7)) {
      const openedAt = day + rng.int(0, 24 * 60 - 1) * MINUTE;
      const restore = clamp(rng.lognormal(b.restoreHours * 0.7, 0.9), 0.1, 24 * 21) * HOUR;
      this.incident(service, openedAt, openedAt + restore, null);
    }
  }

  private scheduleDeploy(service: ServiceModel, env: Env, at: number, kind: DeployKind, sha: string | null): void {
    if (at < this.org.end) this.heap.push({ type: 'deploy', at, service, env, kind, sha });
  }

  private processUntil(limit: number): void {
    for (let ev = this.heap.peek(); ev && ev.at < limit; ev = this.heap.peek()) {
      this.heap.pop();
      switch (ev.type) {
        case 'resolve':
          this.resolvePr(ev.pr, ev.at);
          break;
        case 'deploy':
          this.deploy(ev.service, ev.env, ev.kind, ev.sha, ev.at);
          break;
        case 'direct':
          this.directCommit(ev.author, ev.at);
          break;
      }
    }
  }

  // ---------------------------------------------------------------- pull requests

  private humanPr(author: PersonModel, kind: PrKind, target: number, incident: { id: string; title: string } | null): void {
    const rng = this.rng;
    const b = this.b;
    const hotfix = kind === 'hotfix';
    const off = author.offsetMinutes;
    let created = hotfix ? target : snapForward(target, off, b.outOfHours, rng);
    if (created >= this.org.end || created < this.org.start) return;
    const squad = this.squadOf(author);
    const module = rng.pick(MODULES);
    const number = ++this.prSeq;
    const title = hotfix && incident ? `Hotfix: ${incident.title.charAt(0).toLowerCase()}${incident.title.slice(1)}` : this.prTitle(module);
    const prefix = hotfix ? 'hotfix' : kind === 'fix' ? 'fix' : 'feature';
    const coding = hotfix ? clamp(rng.lognormal(35, 0.5), 10, 240) * MINUTE : clamp(rng.lognormal(b.codingHours, 0.9), 0.25, 30 * 24) * HOUR;
    const count = hotfix ? rng.int(1, 2) : 1 + rng.poisson(b.commitsBeforePr);
    // Commit times spread over the coding span, mostly pulled back into the author's working hours.
    const first = created - coding;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const t = first + (coding * i) / count + rng.int(0, 20) * MINUTE;
      times.push(hotfix ? t : snapBackward(t, off, b.outOfHours, rng));
    }
    times.sort((x, y) => x - y);
    const branch = this.newBranch(`${prefix}/${slugify(title).slice(0, 40)}-${number}`, times[0]!);
    const coAgent = this.agentPool.length > 0 && rng.chance(b.coAuthoredByAgent) ? rng.pick(this.agentPool).agent : null;
    const trailer = coAgent ? `\n\nCo-authored-by: ${coAgent.name} <${coAgent.email}>` : '';
    const foreign = rng.chance(b.outOfScope) ? rng.int(0, count - 1) : -1;
    const manifest = !hotfix && rng.chance(0.06) ? rng.int(0, count - 1) : -1;
    times.forEach((t, i) => {
      const files = this.codeFiles(squad.stem, module, 1 + rng.poisson(1.2));
      if (i === foreign) files.push(...this.codeFiles(this.foreignArea(squad), rng.pick(MODULES), 1));
      if (i === manifest) files.push(...this.manifestFiles());
      const message = i === 0 ? title : rng.pick(FOLLOW_UP_MESSAGES);
      this.branchCommit(branch, author, t, `${message}${coAgent && (i === 0 || rng.chance(0.5)) ? trailer : ''}`, files);
    });
    if (branch.lastAt >= created) created = branch.lastAt + 2 * MINUTE;
    const body = this.prBody(title, created, false, incident ? `Fixes ${incident.id}.` : null);
    const plan: PrPlan = {
      area: { squad, module },
      number,
      kind,
      author,
      merger: author,
      title,
      body,
      createdAt: created,
      branch,
      events: [],
      reviews: [],
      runs: [],
      outcome: 'merge',
      session: null,
    };
    if (hotfix) this.prEvent(plan, 'labeled', created, author, 'hotfix');
    if (rng.chance(0.05)) this.prEvent(plan, 'edited', created + rng.int(5, 120) * MINUTE, author, null);
    this.push(branch, created, number, null, plan.runs);
    let cursor = created + 10 * MINUTE;
    if (!hotfix && rng.chance(b.failingStreak)) cursor = this.failingStreak(plan, author, squad, module, cursor);
    const done = this.reviewFlow(plan, author, created, cursor, hotfix);
    let mergeAt = done + clamp(rng.lognormal(hotfix ? 0.2 : b.mergeWaitHours, 0.7), 0.02, 24 * 14) * HOUR;
    if (!hotfix) mergeAt = snapForward(mergeAt, off, b.outOfHours, rng);
    if (!hotfix && rng.chance(0.015 * (b.archetype === 'drift' ? 3 : 1))) {
      // A human PR flagged by a practice lead, unflagged once it is back on track.
      const lead = this.pickPracticeLead(author) ?? this.pickFlagger();
      const at = created + (mergeAt - created) * rng.float(0.1, 0.5);
      this.prEvent(plan, 'labeled', at, lead, 'drift');
      const off2 = at + clamp(rng.lognormal(b.driftMinutes, 0.8), 5, 600) * MINUTE;
      this.prEvent(plan, 'unlabeled', off2, lead, 'drift');
      mergeAt = Math.max(mergeAt, off2 + 10 * MINUTE);
    }
    if (!hotfix && rng.chance(b.closeWithoutMerge)) plan.outcome = 'close';
    else if (!hotfix && rng.chance(0.008)) plan.outcome = 'open';
    this.heap.push({ type: 'resolve', at: plan.outcome === 'open' ? Number.POSITIVE_INFINITY : mergeAt, pr: plan });
  }

  /** The same check failing 3+ times in a row on the branch, then passing. Returns the new cursor. */
  private failingStreak(plan: PrPlan, author: PersonModel, squad: SquadModel, module: string, cursor: number): number {
    const rng = this.rng;
    const b = this.b;
    const length = rng.int(3, b.archetype === 'drift' ? 7 : 5);
    const job: CiJob = this.jobs.length > 1 && rng.chance(0.4) ? 'lint' : 'test';
    let t = cursor;
    for (let k = 0; k <= length; k++) {
      t += clamp(rng.lognormal(35, 0.6), 5, 240) * MINUTE;
      if (author.kind === 'human') t = snapForward(t, author.offsetMinutes, b.outOfHours, rng);
      t = this.branchCommit(plan.branch, author, t, k < length ? `Fix failing ${job}` : `Fix ${job} for real`, this.codeFiles(squad.stem, module, 1));
      this.push(plan.branch, t, plan.number, k < length ? job : null, plan.runs);
    }
    return t + 15 * MINUTE;
  }

  /** Reviews of a PR (first review after the pickup time, maybe changes requested and fixed). Returns the approval time. */
  private reviewFlow(plan: PrPlan, author: PersonModel, openedAt: number, cursor: number, fast: boolean): number {
    const rng = this.rng;
    const b = this.b;
    if (author.kind !== 'bot' && rng.chance(0.2)) this.review(plan, this.org.bots.actions, 'commented', openedAt + rng.int(2, 6) * MINUTE);
    const lead = rng.chance(b.practiceLeadReview * 0.4) ? this.pickPracticeLead(author) : null;
    const reviewer = lead ?? this.pickFrom(this.reviewerPool, author);
    const pickup = fast ? clamp(rng.lognormal(0.3, 0.6), 0.05, 3) : clamp(rng.lognormal(b.pickupHours, 1), 0.05, 24 * 20);
    const first = snapForward(openedAt + pickup * HOUR, reviewer.offsetMinutes, fast ? 1 : b.outOfHours, rng);
    let approvedAt: number;
    if (!fast && rng.chance(b.changesRequested)) {
      this.review(plan, reviewer, 'changes_requested', first);
      let t = Math.max(cursor, first);
      for (let k = rng.int(1, 2); k > 0; k--) {
        t += clamp(rng.lognormal(1.5, 0.8), 0.1, 72) * HOUR;
        if (author.kind === 'human') t = snapForward(t, author.offsetMinutes, b.outOfHours, rng);
        const anyModule = this.rng.pick(MODULES);
        const area = plan.area ?? { squad: this.squadOf(author), module: anyModule };
        t = this.branchCommit(plan.branch, author, t, 'Address review comments', this.codeFiles(area.squad.stem, area.module, 1));
      }
      this.push(plan.branch, t, plan.number, null, plan.runs);
      approvedAt = snapForward(t + clamp(rng.lognormal(b.reviewHours * 0.5, 0.8), 0.05, 24 * 20) * HOUR, reviewer.offsetMinutes, b.outOfHours, rng);
      this.review(plan, reviewer, 'approved', approvedAt);
    } else if (!fast && rng.chance(0.2)) {
      this.review(plan, reviewer, 'commented', first);
      approvedAt = snapForward(first + clamp(rng.lognormal(b.reviewHours * 0.4, 0.8), 0.05, 24 * 20) * HOUR, reviewer.offsetMinutes, b.outOfHours, rng);
      this.review(plan, reviewer, 'approved', approvedAt);
    } else {
      approvedAt = Math.max(first, cursor);
      this.review(plan, reviewer, 'approved', approvedAt);
      if (!fast) approvedAt += clamp(rng.lognormal(b.reviewHours * 0.3, 0.8), 0, 24 * 10) * HOUR;
    }
    if (!fast && rng.chance(0.4)) {
      const second = this.pickFrom(this.reviewerPool, author);
      if (second !== reviewer) this.review(plan, second, 'approved', first + (approvedAt - first) * rng.float(0.2, 1));
    }
    if (!fast && !lead && rng.chance(b.practiceLeadReview)) {
      const pl = this.pickPracticeLead(author);
      if (pl) this.review(plan, pl, rng.chance(0.6) ? 'commented' : 'approved', first + (approvedAt - first) * rng.float(0, 1) + rng.int(5, 60) * MINUTE);
    }
    if (rng.chance(0.01)) this.review(plan, this.pickFrom(this.reviewerPool, author), 'dismissed', first + rng.int(1, 60) * MINUTE);
    plan.merger = author.kind === 'human' ? author : reviewer;
    const lastReview = plan.reviews.reduce((m, r) => (r.submittedAt > m ? r.submittedAt : m), '');
    return Math.max(approvedAt, Date.parse(lastReview) + MINUTE, plan.branch.lastAt + 5 * MINUTE);
  }

  /** An agent-authored PR: opened as a draft early in the session, maybe drifting, then reviewed by humans. */
  private agentPr(agent: PersonModel, squad: SquadModel, startAt: number): void {
    const rng = this.rng;
    const b = this.b;
    if (startAt < this.org.start) return;
    const created = startAt + rng.int(10, 25) * MINUTE;
    if (created >= this.org.end) return;
    const module = rng.pick(MODULES);
    const number = ++this.prSeq;
    const title = this.prTitle(module);
    const branch = this.newBranch(`agent/${agent.key}/${slugify(title).slice(0, 40)}-${number}`, startAt);
    const session = this.newSession(agent, branch.name, number, title, this.scopePaths(squad, module), startAt);
    const plan: PrPlan = {
      area: { squad, module },
      number,
      kind: 'feature',
      author: agent,
      merger: agent,
      title,
      body: this.prBody(title, created, true, `Task: ${title.toLowerCase()}. Session ${session.record.id}.`),
      createdAt: created,
      branch,
      events: [],
      reviews: [],
      runs: [],
      outcome: 'merge',
      session,
    };
    this.branchCommit(branch, agent, startAt + rng.int(3, 9) * MINUTE, title, this.codeFiles(squad.stem, module, 1 + rng.poisson(1)));
    if (rng.chance(0.85)) this.prEvent(plan, 'labeled', created, agent, 'agent');
    // CI skips draft PRs; the agent's own test runs show up only while it drifts.
    const coding = clamp(rng.lognormal(b.codingHours * 0.4, 0.9), 0.3, 24 * 5) * HOUR;
    const before = rng.poisson(b.commitsBeforePr * 0.6);
    const after = rng.poisson(b.commitsBeforePr * 0.6);
    const step = coding / (before + after + 1);
    let cursor = created;
    for (let i = 0; i < before; i++) {
      cursor = this.branchCommit(branch, agent, cursor + step * rng.float(0.5, 1.5), rng.pick(FOLLOW_UP_MESSAGES), this.codeFiles(squad.stem, module, 1 + rng.poisson(0.8)));
    }
    if (rng.chance(b.driftRate)) {
      const result = this.drift(branch, session, plan, plan.runs, agent, squad, module, cursor + step * rng.float(0.2, 1));
      if (result.stopped) {
        plan.outcome = 'close';
        plan.merger = this.pickFlagger();
        this.heap.push({ type: 'resolve', at: result.at + rng.int(5, 120) * MINUTE, pr: plan });
        return;
      }
      cursor = result.at;
    } else if (rng.chance(b.failingStreak)) {
      cursor = this.failingStreak(plan, agent, squad, module, cursor);
    }
    for (let i = 0; i < after; i++) {
      cursor = this.branchCommit(branch, agent, cursor + step * rng.float(0.5, 1.5), rng.pick(FOLLOW_UP_MESSAGES), this.codeFiles(squad.stem, module, 1 + rng.poisson(0.8)));
    }
    this.push(branch, cursor, number, null, plan.runs);
    const ready = cursor + rng.int(3, 10) * MINUTE;
    this.prEvent(plan, 'ready_for_review', ready, agent, null);
    const done = this.reviewFlow(plan, agent, ready, ready, false);
    const mergeAt = snapForward(done + clamp(rng.lognormal(b.mergeWaitHours, 0.7), 0.02, 24 * 14) * HOUR, plan.merger.offsetMinutes, b.outOfHours, rng);
    if (rng.chance(b.closeWithoutMerge * 1.5)) plan.outcome = 'close';
    this.heap.push({ type: 'resolve', at: mergeAt, pr: plan });
  }

  /** A dependency bump from dependabot or renovate, approved and merged by a human (or superseded). */
  private dependencyPr(day: number): void {
    const rng = this.rng;
    const bot = rng.chance(0.7) ? this.org.bots.dependabot : this.org.bots.renovate;
    const created = day + rng.int(2 * 60, 6 * 60) * MINUTE;
    if (created < this.org.start || created >= this.org.end) return;
    const pkg = this.dependencyName();
    const major = rng.int(1, 9);
    const from = `${major}.${rng.int(0, 20)}.${rng.int(0, 9)}`;
    const to = `${major}.${rng.int(21, 30)}.${rng.int(0, 9)}`;
    const eco = this.repo.language === 'ts' ? 'npm_and_yarn' : this.repo.language === 'go' ? 'go_modules' : 'pip';
    const dependabot = bot === this.org.bots.dependabot;
    const title = dependabot ? `Bump ${pkg} from ${from} to ${to}` : `chore(deps): update dependency ${pkg} to v${to}`;
    const number = ++this.prSeq;
    const branch = this.newBranch(dependabot ? `dependabot/${eco}/${pkg}-${to}` : `renovate/${pkg}-${major}.x`, created);
    this.branchCommit(branch, bot, created - MINUTE, title, this.manifestFiles());
    const plan: PrPlan = {
      number,
      kind: 'dependency',
      author: bot,
      merger: bot,
      title,
      body: `Bumps ${pkg} from ${from} to ${to}.`,
      createdAt: created,
      branch,
      events: [],
      reviews: [],
      runs: [],
      outcome: 'merge',
      session: null,
    };
    this.prEvent(plan, 'labeled', created, bot, 'dependencies');
    this.push(branch, created, number, null, plan.runs);
    if (rng.chance(0.15)) {
      plan.outcome = 'close';
      this.heap.push({ type: 'resolve', at: created + rng.int(1, 10) * DAY, pr: plan });
      return;
    }
    const reviewer = this.pickFrom(this.reviewerPool, null);
    const approvedAt = snapForward(created + clamp(rng.lognormal(this.b.pickupHours * 1.5, 1), 0.1, 24 * 20) * HOUR, reviewer.offsetMinutes, this.b.outOfHours, rng);
    this.review(plan, reviewer, 'approved', approvedAt);
    plan.merger = reviewer;
    this.heap.push({ type: 'resolve', at: approvedAt + rng.int(2, 60) * MINUTE, pr: plan });
  }

  private directCommit(author: PersonModel, at: number): void {
    const files = [this.change(this.rng.chance(0.5) ? 'README.md' : 'CHANGELOG.md', 0.3)];
    const commit = this.makeCommit([this.main.sha], author, Math.max(at, this.main.at + MINUTE), this.rng.pick(DIRECT_COMMIT_MESSAGES), files);
    this.emit(commit);
    this.setMain(commit);
    this.mainCi(commit);
  }

  private mainCi(commit: CommitRecord): void {
    const status: CiStatus = this.rng.chance(this.b.ciFailure / 2) ? 'failure' : 'success';
    this.emit(this.ciRun('main', commit.sha, null, 'ci', 'test', status, Date.parse(commit.committedAt) + MINUTE, this.rng.int(4, 12)));
  }

  /** Merges or closes a PR at `at` (infinite or past `end` = still open) and emits all its records. */
  private resolvePr(plan: PrPlan, at: number): void {
    const endIso = this.endIso;
    const resolved = at < this.org.end;
    let mergeSha: string | null = null;
    let mergeCommit: CommitRecord | null = null;
    if (resolved && plan.outcome === 'merge') {
      const time = Math.max(at, this.main.at + MINUTE);
      if (this.repo.mergeStyle === 'squash') {
        const files = plan.branch.commits.flatMap((c) => c.files ?? []).slice(0, 12);
        const message = `${plan.title} (#${plan.number})`;
        mergeCommit = this.makeCommit([this.main.sha], plan.author, time, message, files);
      } else {
        const message = `Merge pull request #${plan.number} from ${this.repo.key.split('/')[0]}/${plan.branch.name}\n\n${plan.title}`;
        mergeCommit = this.makeCommit([this.main.sha, plan.branch.head], plan.merger, time, message, []);
      }
      mergeSha = mergeCommit.sha;
    }
    for (const c of plan.branch.commits) if (c.committedAt < endIso) this.emit(c);
    const commits = plan.branch.commits.filter((c) => c.committedAt < endIso).map((c) => c.sha);
    if (mergeCommit) {
      this.emit(mergeCommit);
      this.setMain(mergeCommit);
    }
    const events = plan.events.filter((e) => e.at < endIso);
    const labels: string[] = [];
    for (const e of [...events].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0))) {
      if (!e.label) continue;
      const idx = labels.indexOf(e.label);
      if (e.kind === 'labeled' && idx < 0) labels.push(e.label);
      if (e.kind === 'unlabeled' && idx >= 0) labels.splice(idx, 1);
    }
    const closedAt = resolved && plan.outcome !== 'open' ? iso(at) : null;
    const pr: PullRequestRecord = {
      type: 'pull_request',
      repo: this.repo.key,
      number: plan.number,
      title: plan.title,
      body: plan.body,
      author: plan.author.key,
      createdAt: iso(plan.createdAt),
      mergedAt: mergeCommit ? closedAt : null,
      closedAt,
      baseBranch: 'main',
      headBranch: plan.branch.name,
      mergeSha,
      commits,
      labels,
    };
    this.emit(pr);
    for (const e of events) this.emit(e);
    for (const r of plan.reviews) if (r.submittedAt < endIso) this.emit(r);
    for (const r of plan.runs) if (r.finishedAt < endIso) this.emit(r);
    if (plan.session) this.finishSession(plan.session, mergeCommit ? 'merged' : closedAt ? 'closed' : 'open', resolved ? at : null);
    if (mergeCommit) this.afterMerge(plan, mergeCommit);
  }

  private finishSession(session: SessionPlan, state: 'merged' | 'closed' | 'open', at: number | null): void {
    const endIso = this.endIso;
    const record = session.record;
    const agent = this.org.agents.find((a) => a.key === record.agent)!;
    if (session.stoppedAt !== null && session.stoppedAt < this.org.end) {
      record.outcome = 'stopped';
      record.endedAt = iso(session.stoppedAt);
    } else if (state !== 'open' && at !== null) {
      record.outcome = state === 'merged' ? 'merged' : 'abandoned';
      record.endedAt = iso(at);
      this.sessionEvent(session, 'ended', at, agent, state === 'merged' ? 'PR merged' : 'PR closed without merge');
    } else {
      record.outcome = 'running';
      record.endedAt = null;
    }
    this.emit(record);
    for (const e of session.events) if (e.at < endIso) this.emit(e);
  }

  private afterMerge(plan: PrPlan, commit: CommitRecord): void {
    this.mainCi(commit);
    const mergedAt = Date.parse(commit.committedAt);
    for (const service of this.repo.services) {
      const state = this.serviceState.get(service.key)!;
      state.pendingPrs.push(plan.number);
      if (state.pendingPrs.length > 60) state.pendingPrs.shift();
      const b = service.squads[0]!.behaviour;
      if (b.deployMode === 'continuous') {
        if (this.rng.chance(b.deployProbability) || plan.kind === 'hotfix') {
          if (this.rng.chance(b.stagingShare)) this.scheduleDeploy(service, 'staging', mergedAt + this.rng.int(2, 6) * MINUTE, 'normal', null);
          this.scheduleDeploy(service, 'production', mergedAt + this.rng.int(8, 35) * MINUTE, plan.kind === 'hotfix' ? 'hotfix' : 'normal', null);
        }
      } else if (plan.kind === 'hotfix' && (b.deployMode !== 'weekly' || this.rng.chance(0.4))) {
        // (weekly deployers often let the hotfix wait for the next release train)
        this.scheduleDeploy(service, 'production', mergedAt + this.rng.int(10, 40) * MINUTE, 'hotfix', null);
      }
    }
  }

  /** An agent session that never became a PR: abandoned, stopped for drift, or still running. */
  private agentSessionOnly(agent: PersonModel, squad: SquadModel, startAt: number): void {
    const rng = this.rng;
    const b = this.b;
    if (startAt < this.org.start || startAt >= this.org.end) return;
    const module = rng.pick(MODULES);
    const task = this.prTitle(module);
    const branch = this.newBranch(`agent/${agent.key}/${slugify(task).slice(0, 40)}-s${this.sessionSeq + 1}`, startAt);
    const session = this.newSession(agent, branch.name, null, task, this.scopePaths(squad, module), startAt);
    const runs: CiRunRecord[] = [];
    let cursor = this.branchCommit(branch, agent, startAt + rng.int(3, 10) * MINUTE, task, this.codeFiles(squad.stem, module, 1 + rng.poisson(1)));
    let endedAt: number;
    if (rng.chance(Math.min(0.9, b.driftRate * 1.3))) {
      const result = this.drift(branch, session, null, runs, agent, squad, module, cursor + rng.int(10, 60) * MINUTE);
      endedAt = result.at;
      if (!result.stopped) {
        endedAt = result.at + rng.int(10, 90) * MINUTE;
        this.sessionEvent(session, 'ended', endedAt, agent, 'Gave up after the rebrief: task needs a human');
      }
    } else {
      for (let k = rng.int(0, 2); k > 0; k--) {
        cursor = this.branchCommit(branch, agent, cursor + clamp(rng.lognormal(30, 0.7), 3, 300) * MINUTE, rng.pick(FOLLOW_UP_MESSAGES), this.codeFiles(squad.stem, module, 1));
      }
      this.push(branch, cursor, null, null, runs);
      endedAt = cursor + rng.int(10, 60) * MINUTE;
      if (rng.chance(0.7)) this.sessionEvent(session, 'ended', endedAt, agent, 'Abandoned: could not reproduce the issue');
      else {
        this.sessionEvent(session, 'stopped', endedAt, this.pickFlagger(), 'No longer needed');
        session.stoppedAt = endedAt;
      }
    }
    const endIso = this.endIso;
    for (const c of branch.commits) if (c.committedAt < endIso) this.emit(c);
    for (const r of runs) if (r.finishedAt < endIso) this.emit(r);
    const record = session.record;
    if (endedAt < this.org.end) {
      record.outcome = session.stoppedAt !== null ? 'stopped' : 'abandoned';
      record.endedAt = iso(endedAt);
    } else {
      record.outcome = 'running';
      record.endedAt = null;
    }
    this.emit(record);
    for (const e of session.events) if (e.at < endIso) this.emit(e);
  }

  // ---------------------------------------------------------------- deployments and incidents

  private deploy(service: ServiceModel, env: Env, kind: DeployKind, fixedSha: string | null, at: number): void {
    const rng = this.rng;
    const b = service.squads[0]!.behaviour;
    const state = this.serviceState.get(service.key)!;
    if (env === 'production' && kind !== 'rollback' && at < state.frozenUntil) return;
    const sha = kind === 'rollback' && fixedSha ? fixedSha : this.main.sha;
    if (kind !== 'rollback' && state.lastSha[env] === sha) return;
    const [lo, hi] = b.deployMinutes;
    const finishedAt = at + rng.int(lo, hi) * MINUTE;
    if (finishedAt >= this.org.end) return;
    const failedAttempt = kind === 'normal' && rng.chance(b.failedAttempt);
    const record: DeploymentRecord = {
      type: 'deployment',
      id: `dep-${service.key}-${++state.deployments}`,
      service: service.key,
      repo: this.repo.key,
      environment: env,
      sha,
      status: failedAttempt ? 'failure' : 'success',
      startedAt: iso(at),
      finishedAt: iso(finishedAt),
    };
    if (kind === 'rollback') record.rollback = true;
    const incident = env === 'production' && !failedAttempt && kind !== 'rollback' && rng.chance(b.incidentPerDeploy);
    if (env === 'production' && !failedAttempt && kind !== 'rollback' && !incident && rng.chance(b.markedFailedShare)) record.failed = true;
    this.emit(record);
    if (env === 'production') {
      // The deploy workflow (staging is deployed by the platform's own tooling, without a run).
      const minutes = Math.max(1, Math.round((finishedAt - at) / MINUTE));
      this.emit(this.ciRun('main', sha, null, 'deploy', env, failedAttempt ? 'failure' : 'success', at, minutes));
    }
    if (failedAttempt) {
      this.scheduleDeploy(service, env, finishedAt + rng.int(10, 40) * MINUTE, 'retry', null);
      return;
    }
    state.lastSha[env] = sha;
    if (env !== 'production') return;
    const previous = state.prod[state.prod.length - 1] ?? null;
    state.prod.push({ id: record.id, sha, at: finishedAt });
    if (state.prod.length > 10) state.prod.shift();
    const shipped = kind === 'rollback' ? [] : state.pendingPrs;
    if (kind !== 'rollback') state.pendingPrs = [];
    if (incident) this.changeIncident(service, record, previous, shipped, finishedAt);
  }

  /** An incident caused by a deployment, followed by a rollback or a hotfix. */
  private changeIncident(service: ServiceModel, deployment: DeploymentRecord, previous: ProdDeployment | null, shipped: number[], finishedAt: number): void {
    const rng = this.rng;
    const b = service.squads[0]!.behaviour;
    const openedAt = finishedAt + clamp(rng.lognormal(2.5, 0.9), 0.15, 20) * HOUR;
    if (openedAt >= this.org.end) return;
    const restore = clamp(rng.lognormal(b.restoreHours, 0.9), 0.12, 24 * 21) * HOUR;
    let cause: IncidentCause | null = null;
    const r = rng.next();
    if (r < b.explicitCauseShare * 0.5) cause = { deployment: deployment.id };
    else if (r < b.explicitCauseShare * 0.75 && deployment.sha) cause = { sha: deployment.sha };
    else if (r < b.explicitCauseShare && shipped.length > 0) cause = { pr: { repo: this.repo.key, number: rng.pick(shipped) } };
    const incident = this.incident(service, openedAt, openedAt + restore, cause);
    const state = this.serviceState.get(service.key)!;
    if (previous && previous.sha !== deployment.sha && rng.chance(b.rollbackShare)) {
      const rollbackAt = openedAt + restore * rng.float(0.2, 0.6);
      this.scheduleDeploy(service, 'production', rollbackAt, 'rollback', previous.sha);
      state.frozenUntil = Math.max(state.frozenUntil, rollbackAt + rng.int(30, 180) * MINUTE);
    } else if (rng.chance(0.65)) {
      const at = openedAt + clamp(rng.lognormal((restore / HOUR) * 0.3, 0.5), 0.25, restore / HOUR) * HOUR;
      this.humanPr(this.onCallHuman(), 'hotfix', at, incident);
    }
  }

  private incident(service: ServiceModel, openedAt: number, resolvedAt: number, cause: IncidentCause | null): { id: string; title: string } {
    const rng = this.rng;
    const b = service.squads[0]!.behaviour;
    const state = this.serviceState.get(service.key)!;
    const id = `inc-${service.key}-${++state.incidents}`;
    const title = rng.pick(INCIDENT_TITLES).replace('{service}', service.name);
    const urgency = service.squads[0]!.group.index === 2;
    const sev1 = b.archetype === 'struggling' ? 0.2 : 0.07;
    const severity = urgency
      ? rng.chance(0.35)
        ? 'high'
        : 'low'
      : rng.weighted(['SEV1', 'SEV2', 'SEV3'], [sev1, 0.33, 0.67 - sev1]);
    if (openedAt < this.org.end) {
      const record: IncidentRecord = {
        type: 'incident',
        id,
        service: service.key,
        title,
        severity,
        openedAt: iso(openedAt),
        resolvedAt: resolvedAt < this.org.end && !(openedAt > this.org.end - 10 * DAY && rng.chance(0.4)) ? iso(resolvedAt) : null,
      };
      if (cause) record.causedBy = cause;
      this.emit(record);
    }
    return { id, title };
  }
}
