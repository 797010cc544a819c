import { createHash } from 'node:crypto';
import type {
  AgentSessionEventRecord,
  AgentSessionRecord,
  CanonicalRecord,
  CiRunRecord,
  CommitRecord,
  DeploymentRecord,
  IncidentRecord,
  PatternRecord,
  PersonRecord,
  PrEventRecord,
  PullRequestRecord,
  RecordType,
  RepositoryRecord,
  ReviewRecord,
  ServiceRecord,
  SquadRecord,
} from '@bearing/shared';
import { validateRecord } from '../ingest/records.schema.js';
import { demoRecordEstimate, demoSquadArchetypes, generateDemo } from './generator.js';
import { Rng } from './random.js';

const END = new Date('2026-01-05T00:00:00Z');
const STRUCTURE: ReadonlySet<RecordType> = new Set(['group', 'squad', 'person', 'service', 'repository', 'pattern']);
const DAY_MS = 86_400_000;

type ByType = { [T in RecordType]: Extract<CanonicalRecord, { type: T }>[] };

function digest(records: Iterable<CanonicalRecord>): { hash: string; count: number } {
  const hash = createHash('sha256');
  let count = 0;
  for (const r of records) {
    hash.update(JSON.stringify(r));
    hash.update('\n');
    count++;
  }
  return { hash: hash.digest('hex'), count };
}

function groupByType(records: CanonicalRecord[]): ByType {
  const out: Record<string, CanonicalRecord[]> = {};
  for (const r of records) (out[r.type] ??= []).push(r);
  return out as unknown as ByType;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length / 2;
  return s.length % 2 ? s[Math.floor(mid)]! : (s[mid - 1]! + s[mid]!) / 2;
}

const archetypes = demoSquadArchetypes('S');
const squadOf = (kind: string): string => Object.entries(archetypes).find(([, a]) => a === kind)![0];

let records: CanonicalRecord[];
let t: ByType;
let repoOwner: Map<string, string>;
let serviceOwner: Map<string, string>;

beforeAll(() => {
  records = [...generateDemo({ size: 'S', seed: 42, end: END })];
  t = groupByType(records);
  repoOwner = new Map(t.repository.map((r: RepositoryRecord) => [r.key, r.squads[0]!]));
  serviceOwner = new Map(t.service.map((s: ServiceRecord) => [s.key, s.squads[0]!]));
});

describe('Rng', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Rng(8).next()).not.toBe(xs[0]);
    const r = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
    }
    expect(Rng.derive(42, 'repo', 'a').next()).toBe(Rng.derive(42, 'repo', 'a').next());
    expect(Rng.derive(42, 'repo', 'a').next()).not.toBe(Rng.derive(42, 'repo', 'b').next());
  });
});

describe('generateDemo (size S)', () => {
  it('is deterministic: same seed and end give identical output, another seed differs', () => {
    const first = digest(records);
    const again = digest(generateDemo({ size: 'S', seed: 42, end: END }));
    const other = digest(generateDemo({ size: 'S', seed: 43, end: END }));
    expect(again).toEqual(first);
    expect(other.hash).not.toBe(first.hash);
  });

  it('rejects bad options', () => {
    expect(() => generateDemo({ size: 'XL' as 'S', seed: 1, end: END }).next()).toThrow(/size/);
    expect(() => generateDemo({ size: 'S', seed: 1.5, end: END }).next()).toThrow(/seed/);
    expect(() => generateDemo({ size: 'S', seed: 1, end: new Date('nope') }).next()).toThrow(/end/);
  });

  it('emits structure first, then events, all before `end` and valid per the import schema', () => {
    const firstEvent = records.findIndex((r) => !STRUCTURE.has(r.type));
    expect(records.slice(firstEvent).some((r) => STRUCTURE.has(r.type))).toBe(false);
    const invalid = records
      .map((r, line) => ({ line, result: validateRecord(JSON.parse(JSON.stringify(r))) }))
      .filter((x) => !x.result.ok);
    expect(invalid.slice(0, 3)).toEqual([]);
    const endIso = END.toISOString();
    const times = (r: CanonicalRecord): (string | null | undefined)[] => {
      switch (r.type) {
        case 'commit':
          return [r.committedAt];
        case 'pull_request':
          return [r.createdAt, r.mergedAt, r.closedAt];
        case 'review':
          return [r.submittedAt];
        case 'pr_event':
        case 'agent_session_event':
          return [r.at];
        case 'ci_run':
        case 'deployment':
          return [r.finishedAt];
        case 'incident':
          return [r.openedAt, r.resolvedAt];
        case 'agent_session':
          return [r.startedAt, r.endedAt];
        default:
          return [];
      }
    };
    const late = records.filter((r) => times(r).some((x) => typeof x === 'string' && x >= endIso));
    expect(late.slice(0, 3)).toEqual([]);
  });

  it('has the S volumes', () => {
    expect(t.group).toHaveLength(3);
    expect(t.squad).toHaveLength(10);
    expect(t.person).toHaveLength(80);
    expect(t.person.filter((p: PersonRecord) => p.kind === 'agent')).toHaveLength(5);
    expect(t.person.filter((p: PersonRecord) => p.kind === 'bot')).toHaveLength(3);
    expect(t.repository).toHaveLength(20);
    expect(t.service).toHaveLength(14);
    expect(t.pattern).toHaveLength(12);
    const within = (n: number, lo: number, hi: number): void => {
      expect(n).toBeGreaterThanOrEqual(lo);
      expect(n).toBeLessThanOrEqual(hi);
    };
    within(t.commit.length, 15_000, 25_000);
    within(t.pull_request.length, 2_500, 3_800);
    within(t.review.length, 4_500, 7_500);
    within(t.ci_run.length, 11_000, 20_000);
    within(t.deployment.length, 900, 1_900);
    within(t.incident.length, 50, 180);
    within(t.agent_session.length, 550, 1_100);
    within(t.agent_session_event.length, 900, 2_400);
    within(t.pr_event.length, 900, 2_400);
    within(records.length, 40_000, 60_000);
    within(demoRecordEstimate('S'), records.length * 0.8, records.length * 1.2);
  });

  it('keeps references intact', () => {
    // Problems are collected and compared once (one expect per record would be slow).
    const problems: string[] = [];
    const check = (ok: boolean, what: string): void => {
      if (!ok && problems.length < 10) problems.push(what);
    };
    const squads = new Set(t.squad.map((s: SquadRecord) => s.key));
    const groups = new Set(t.group.map((g) => g.key));
    const people = new Set(t.person.map((p: PersonRecord) => p.key));
    const repos = new Set(t.repository.map((r: RepositoryRecord) => r.key));
    const services = new Set(t.service.map((s: ServiceRecord) => s.key));
    for (const s of t.squad) check(groups.has(s.group!), `squad ${s.key} group`);
    for (const p of t.person) for (const s of p.squads ?? []) check(squads.has(s), `person ${p.key} squad ${s}`);
    for (const r of t.repository) for (const s of r.squads) check(squads.has(s), `repo ${r.key} squad ${s}`);
    for (const s of t.service) {
      for (const q of s.squads) check(squads.has(q), `service ${s.key} squad ${q}`);
      for (const r of s.repositories ?? []) check(repos.has(r), `service ${s.key} repo ${r}`);
    }
    const patterns = new Set(t.pattern.map((p: PatternRecord) => p.key));
    for (const p of t.pattern) if (p.replacedBy) check(patterns.has(p.replacedBy), `pattern ${p.key} replacedBy`);

    const shas = new Set((t.commit as CommitRecord[]).map((c) => `${c.repo} ${c.sha}`));
    const emails = new Set(t.person.flatMap((p: PersonRecord) => p.emails ?? []));
    for (const c of t.commit as CommitRecord[]) {
      check(repos.has(c.repo), `commit ${c.sha} repo`);
      check(/^[0-9a-f]{40}$/.test(c.sha), `commit ${c.sha} sha`);
      check(c.authoredAt <= c.committedAt, `commit ${c.sha} times`);
      check(emails.has(c.author), `commit ${c.sha} author ${c.author}`);
      for (const p of c.parents) check(shas.has(`${c.repo} ${p}`), `commit ${c.sha} parent ${p}`);
    }
    check((t.commit as CommitRecord[]).filter((c) => c.parents.length === 0).length === repos.size, 'one root per repo');

    const prs = new Set<string>();
    const authorOf = new Map<string, string>();
    for (const pr of t.pull_request as PullRequestRecord[]) {
      const key = `${pr.repo}#${pr.number}`;
      prs.add(key);
      authorOf.set(key, pr.author);
      check(people.has(pr.author), `${key} author`);
      check(pr.baseBranch === 'main', `${key} base`);
      for (const sha of pr.commits ?? []) check(shas.has(`${pr.repo} ${sha}`), `${key} commit ${sha}`);
      if (pr.mergeSha) check(shas.has(`${pr.repo} ${pr.mergeSha}`), `${key} mergeSha`);
      check(Boolean(pr.mergedAt) === Boolean(pr.mergeSha), `${key} merged/mergeSha`);
    }
    for (const r of t.review as ReviewRecord[]) {
      const key = `${r.repo}#${r.number}`;
      check(prs.has(key), `review of ${key}`);
      check(people.has(r.reviewer), `review ${key} reviewer`);
      check(authorOf.get(key) !== r.reviewer, `review ${key} by its author`);
    }
    for (const e of t.pr_event as PrEventRecord[]) check(prs.has(`${e.repo}#${e.number}`), `pr_event of ${e.repo}#${e.number}`);
    for (const run of t.ci_run as CiRunRecord[]) {
      check(shas.has(`${run.repo} ${run.sha}`), `ci_run ${run.id} sha`);
      if (run.pr != null) check(prs.has(`${run.repo}#${run.pr}`), `ci_run ${run.id} pr`);
    }
    // Deployments ship main: the deployed sha is no PR-branch commit and its first-parent chain
    // runs back to the root without entering a PR branch (checked once per sha).
    const branchShas = new Set((t.pull_request as PullRequestRecord[]).flatMap((pr) => (pr.commits ?? []).map((sha) => `${pr.repo} ${sha}`)));
    const commitsBySha = new Map((t.commit as CommitRecord[]).map((c) => [`${c.repo} ${c.sha}`, c]));
    const mainOk = new Map<string, boolean>();
    const onMain = (repo: string, sha: string): boolean => {
      const seen: string[] = [];
      let verdict = false;
      for (let c = commitsBySha.get(`${repo} ${sha}`); c; c = commitsBySha.get(`${repo} ${c.parents[0]}`)) {
        const key = `${repo} ${c.sha}`;
        const known = mainOk.get(key);
        if (known !== undefined) {
          verdict = known;
          break;
        }
        seen.push(key);
        if (branchShas.has(key)) break;
        if (c.parents.length === 0) {
          verdict = true;
          break;
        }
      }
      for (const key of seen) mainOk.set(key, verdict);
      return verdict;
    };
    for (const d of t.deployment as DeploymentRecord[]) {
      check(services.has(d.service), `deployment ${d.id} service`);
      check(onMain(d.repo!, d.sha!), `deployment ${d.id} sha on main`);
    }
    const deployments = new Set(t.deployment.map((d: DeploymentRecord) => d.id));
    for (const i of t.incident as IncidentRecord[]) {
      if (i.service) check(services.has(i.service), `incident ${i.id} service`);
      if (i.squad) check(squads.has(i.squad), `incident ${i.id} squad`);
      if (i.causedBy?.deployment) check(deployments.has(i.causedBy.deployment), `incident ${i.id} deployment`);
      if (i.causedBy?.sha) check([...repos].some((r) => shas.has(`${r} ${i.causedBy!.sha}`)), `incident ${i.id} sha`);
      if (i.causedBy?.pr) check(prs.has(`${i.causedBy.pr.repo}#${i.causedBy.pr.number}`), `incident ${i.id} pr`);
    }
    const sessions = new Set(t.agent_session.map((s: AgentSessionRecord) => s.id));
    const agents = new Set(t.person.filter((p: PersonRecord) => p.kind === 'agent').map((p) => p.key));
    for (const s of t.agent_session as AgentSessionRecord[]) {
      check(agents.has(s.agent), `session ${s.id} agent`);
      if (s.pr != null) check(prs.has(`${s.repo}#${s.pr}`), `session ${s.id} pr`);
    }
    for (const e of t.agent_session_event as AgentSessionEventRecord[]) check(sessions.has(e.session), `session event of ${e.session}`);
    expect(problems).toEqual([]);
  });

  it('keeps natural keys unique per type', () => {
    const keyOf = (r: CanonicalRecord): string => {
      switch (r.type) {
        case 'group':
        case 'squad':
        case 'person':
        case 'service':
        case 'repository':
        case 'pattern':
          return r.key;
        case 'commit':
          return `${r.repo} ${r.sha}`;
        case 'pull_request':
          return `${r.repo} ${r.number}`;
        case 'pr_event':
        case 'review':
          return `${r.repo} ${r.number} ${r.id}`;
        case 'ci_run':
          return `${r.repo} ${r.id}`;
        case 'deployment':
        case 'incident':
        case 'agent_session':
          return r.id;
        case 'agent_session_event':
          return `${r.session} ${r.id}`;
      }
    };
    const seen = new Map<RecordType, Set<string>>();
    const dupes: string[] = [];
    for (const r of records) {
      const set = seen.get(r.type) ?? seen.set(r.type, new Set()).get(r.type)!;
      const k = keyOf(r);
      if (set.has(k)) dupes.push(`${r.type} ${k}`);
      set.add(k);
    }
    expect(dupes.slice(0, 5)).toEqual([]);
    const logins = t.person.map((p: PersonRecord) => p.logins?.github);
    expect(new Set(logins).size).toBe(logins.length);
  });

  it('has people, agents, bots, practice leads and a pattern library with retired entries', () => {
    const leads = t.person.filter((p: PersonRecord) => p.roles?.includes('practice_lead'));
    expect(leads.length).toBeGreaterThanOrEqual(1);
    expect(leads.length).toBeLessThanOrEqual(2);
    expect(t.person.some((p: PersonRecord) => p.timeZone)).toBe(true);
    expect(t.person.some((p: PersonRecord) => p.kind === 'human' && p.logins?.pagerduty)).toBe(true);
    expect(t.person.map((p: PersonRecord) => p.logins?.github)).toEqual(expect.arrayContaining(['dependabot[bot]', 'renovate[bot]']));
    expect(t.person.some((p: PersonRecord) => p.key === 'agent-claude-1' && p.kind === 'agent')).toBe(true);
    const retired = t.pattern.filter((p: PatternRecord) => p.status === 'retired');
    expect(retired.length).toBeGreaterThanOrEqual(2);
    for (const p of retired) expect(p.retiredAt && p.replacedBy && p.migrationNote).toBeTruthy();
    expect(t.pattern[0]!.path).toBe('docs/patterns/PAT-001.md');
    expect(t.repository.every((r: RepositoryRecord) => r.key.startsWith('acme/') && r.defaultBranch === 'main')).toBe(true);
  });

  it('covers the drift, pattern, review and CI signals', () => {
    const prs = t.pull_request as PullRequestRecord[];
    expect(prs.some((p) => p.labels?.includes('agent'))).toBe(true);
    expect(prs.some((p) => p.labels?.includes('hotfix'))).toBe(true);
    expect(prs.some((p) => p.labels?.includes('drift'))).toBe(true);
    expect(prs.some((p) => p.author.startsWith('agent-'))).toBe(true);
    expect(prs.some((p) => !p.closedAt)).toBe(true);
    expect(prs.filter((p) => p.closedAt && !p.mergedAt).length).toBeGreaterThan(50);
    expect(prs.filter((p) => /Follows PAT-\d{3}/.test(p.body)).length).toBeGreaterThan(prs.length * 0.2);
    expect(prs.some((p) => /PAT-(999|998|404)/.test(p.body))).toBe(true);
    const events = t.pr_event as PrEventRecord[];
    const dropped = new Set(events.filter((e) => e.kind === 'unlabeled' && e.label === 'drift').map((e) => `${e.repo}#${e.number}`));
    expect(events.some((e) => e.kind === 'labeled' && e.label === 'drift' && dropped.has(`${e.repo}#${e.number}`))).toBe(true);
    const reviews = t.review as ReviewRecord[];
    const states = new Set(reviews.map((r) => r.state));
    expect([...states]).toEqual(expect.arrayContaining(['approved', 'changes_requested', 'commented']));
    expect(reviews.some((r) => r.reviewer === 'github-actions')).toBe(true);
    const leads = new Set(t.person.filter((p: PersonRecord) => p.roles?.includes('practice_lead')).map((p) => p.key));
    expect(reviews.filter((r) => leads.has(r.reviewer)).length / reviews.length).toBeGreaterThan(0.05);
    const commits = t.commit as CommitRecord[];
    expect(commits.some((c) => c.message.includes('Co-authored-by: '))).toBe(true);
    expect(commits.some((c) => c.files?.some((f) => f.path === 'package.json'))).toBe(true);
    expect(commits.some((c) => c.parents.length === 2)).toBe(true);
    const offHours = commits.filter((c) => {
      const h = new Date(c.authoredAt).getUTCHours();
      return h < 7 || h >= 20;
    });
    expect(offHours.length).toBeGreaterThan(0);
    // a failing streak: the same workflow+job failing 3+ times in a row on a branch, then passing
    const runs = [...(t.ci_run as CiRunRecord[])].sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1));
    const streaks = new Map<string, number>();
    let recovered = 0;
    for (const r of runs) {
      const k = `${r.repo} ${r.branch} ${r.workflow} ${r.job}`;
      if (r.status === 'failure') streaks.set(k, (streaks.get(k) ?? 0) + 1);
      else if (r.status === 'success') {
        if ((streaks.get(k) ?? 0) >= 3) recovered++;
        streaks.set(k, 0);
      }
    }
    expect(recovered).toBeGreaterThan(20);
    const kinds = new Set(t.agent_session_event.map((e: AgentSessionEventRecord) => e.kind));
    expect([...kinds].sort()).toEqual(['ended', 'flagged', 'rebriefed', 'resumed', 'stopped']);
    const outcomes = new Set(t.agent_session.map((s: AgentSessionRecord) => s.outcome));
    expect([...outcomes]).toEqual(expect.arrayContaining(['merged', 'stopped', 'abandoned']));
  });

  it('has deployments, rollbacks and incidents that exercise the attribution rules', () => {
    const deployments = t.deployment as DeploymentRecord[];
    expect(deployments.filter((d) => d.environment === 'staging').length).toBeGreaterThan(50);
    expect(deployments.some((d) => d.status === 'failure')).toBe(true);
    const rollbacks = deployments.filter((d) => d.rollback);
    expect(rollbacks.length).toBeGreaterThan(3);
    for (const rb of rollbacks) {
      const earlier = deployments.filter(
        (d) => d.service === rb.service && d.environment === 'production' && d.status === 'success' && !d.rollback && d.finishedAt < rb.startedAt!,
      );
      expect(earlier.slice(0, -1).some((d) => d.sha === rb.sha)).toBe(true);
    }
    const incidents = t.incident as IncidentRecord[];
    expect(incidents.some((i) => i.causedBy?.deployment)).toBe(true);
    expect(incidents.some((i) => i.causedBy?.sha)).toBe(true);
    expect(incidents.some((i) => !i.resolvedAt)).toBe(true);
    const prod = deployments.filter((d) => d.environment === 'production' && d.status === 'success');
    const within24h = (i: IncidentRecord): boolean =>
      prod.some((d) => d.service === i.service && d.finishedAt < i.openedAt && Date.parse(i.openedAt) - Date.parse(d.finishedAt) < DAY_MS);
    expect(incidents.filter((i) => !i.causedBy && within24h(i)).length).toBeGreaterThan(5);
    expect(incidents.filter((i) => !i.causedBy && !within24h(i)).length).toBeGreaterThan(5);
  });

  it('tells each squad story', () => {
    const elite = squadOf('elite');
    const struggling = squadOf('struggling');
    const drift = squadOf('drift');
    const weeks = 26;
    const prod = (t.deployment as DeploymentRecord[]).filter((d) => d.environment === 'production' && d.status === 'success');
    const perWeek = (squad: string): number => prod.filter((d) => serviceOwner.get(d.service) === squad).length / weeks;
    expect(perWeek(elite)).toBeGreaterThan(5);
    expect(perWeek(struggling)).toBeLessThan(1.5);
    expect(perWeek(elite)).toBeGreaterThan(perWeek(struggling) * 4);

    // lead time (PR opened → first production deployment of the repo's service after the merge)
    const leadHours = (squad: string): number => {
      const out: number[] = [];
      const byService = new Map<string, number[]>();
      for (const d of prod) (byService.get(d.service) ?? byService.set(d.service, []).get(d.service)!).push(Date.parse(d.finishedAt));
      for (const pr of t.pull_request as PullRequestRecord[]) {
        if (!pr.mergedAt || repoOwner.get(pr.repo) !== squad) continue;
        const service = (t.service as ServiceRecord[]).find((s) => s.repositories?.[0] === pr.repo);
        const shipped = service && byService.get(service.key)?.find((x) => x >= Date.parse(pr.mergedAt!));
        if (shipped) out.push((shipped - Date.parse(pr.createdAt)) / 3_600_000);
      }
      return median(out);
    };
    expect(leadHours(elite)).toBeLessThan(24);
    expect(leadHours(struggling)).toBeGreaterThan(24 * 5);

    const incidents = (t.incident as IncidentRecord[]).filter((i) => i.service);
    const incidentRate = (squad: string): number =>
      incidents.filter((i) => serviceOwner.get(i.service!) === squad).length / prod.filter((d) => serviceOwner.get(d.service) === squad).length;
    expect(incidentRate(struggling)).toBeGreaterThan(0.3);
    expect(incidentRate(elite)).toBeLessThan(0.05);
    const restore = (squad: string): number =>
      median(incidents.filter((i) => serviceOwner.get(i.service!) === squad && i.resolvedAt).map((i) => Date.parse(i.resolvedAt!) - Date.parse(i.openedAt)));
    expect(restore(struggling)).toBeGreaterThan(restore(elite) * 5);

    const sessionSquad = new Map(t.agent_session.map((s: AgentSessionRecord) => [s.id, repoOwner.get(s.repo!)!]));
    const flagged = new Map<string, number>();
    for (const e of t.agent_session_event as AgentSessionEventRecord[]) {
      if (e.kind === 'flagged') flagged.set(sessionSquad.get(e.session)!, (flagged.get(sessionSquad.get(e.session)!) ?? 0) + 1);
    }
    const most = [...flagged.entries()].sort((a, b) => b[1] - a[1]);
    expect(most[0]![0]).toBe(drift);
    expect(most[0]![1]).toBeGreaterThan(most[1]![1] * 3);

    const retired = (t.pattern as PatternRecord[]).filter((p) => p.retiredAt);
    const retiredCites = new Map<string, number>();
    for (const pr of t.pull_request as PullRequestRecord[]) {
      if (pr.mergedAt && retired.some((p) => pr.body.includes(p.key) && pr.mergedAt! > p.retiredAt!)) {
        const squad = repoOwner.get(pr.repo)!;
        retiredCites.set(squad, (retiredCites.get(squad) ?? 0) + 1);
      }
    }
    expect([...retiredCites.entries()].sort((a, b) => b[1] - a[1])[0]![0]).toBe(drift);
  });
});

describe('generateDemo (size M) streams', () => {
  it('yields its first 100,000 records lazily, with bounded memory', () => {
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    const iterator = generateDemo({ size: 'M', seed: 7, end: END });
    const first = iterator.next();
    expect(first.done).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    const repos = new Set<string>();
    let peak = 0;
    let n = 1;
    for (let r = iterator.next(); !r.done && n < 100_000; r = iterator.next(), n++) {
      if (r.value.type === 'commit') repos.add(r.value.repo);
      if (n % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    iterator.return(undefined);
    expect(n).toBe(100_000);
    // Repository by repository: the first 100k records cover only a few of M's 40 repositories.
    expect(repos.size).toBeLessThan(15);
    expect(peak).toBeLessThan(250 * 1024 * 1024);
  });
});
