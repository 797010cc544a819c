import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { FactsStatus } from '@bearing/shared';
import { attributeIncidents } from './classify/attribution.js';
import { type CitationFact, citationMatcher, extractCitations } from './classify/citations.js';
import { classifyDeployments } from './classify/outcomes.js';
import { type CommitFact, type PrFact, type ReviewFact, computeRepoFacts, incidentMentionMatcher } from './classify/repo-facts.js';
import { ShippedIndex } from './classify/shipped-index.js';
import { computeShipping } from './classify/shipping.js';
import type { ChangeFact, DeploymentInput } from './classify/types.js';
import { ownerSquadResolver } from '../drift/codeowners.js';
import { type DriftEpisodeFact, type DriftSignalFact, type DriftUnitFact, computeDriftFacts } from '../drift/drift-facts.js';
import { DriftFactsRepository } from '../drift/drift-facts.repository.js';
import { type DriftFacts, FactsRepository } from './facts.repository.js';
import { HeapBudget } from './heap-budget.js';
import { IdentityIndex } from './identity.js';
import { MetricsSnapshot } from './metrics-snapshot.js';
import { mergeRules, productionMatcher } from './rules.js';
import { pushTo } from '../common/multimap.js';

export interface Touched {
  /** repositories whose commits, PRs, reviews or deployments changed; null = everything */
  repos: Set<string> | null;
  services: Set<string> | null;
  /** incidents imported (a PR text may name them: rework links) */
  incidents?: Set<string>;
  /** agent sessions whose record or events arrived (drift: their repository, or the session alone) */
  sessions?: Set<string>;
  /**
   * commits that arrived, per repository. A repository in `repos` is recomputed whole; one only
   * here takes the commits-only path when its new commits can change nothing but their own
   * commit facts (FactsRepository.commitsOnly), else it is recomputed whole too.
   */
  commits?: Map<string, Set<string>>;
}

/**
 * Rebuilds the derived fact tables after data arrives. Repository-level facts (PRs, reviews,
 * commits, what each deployment ships) are rebuilt for the touched repositories only;
 * incident attribution and deployment outcomes are rebuilt globally (they are cheap and can
 * cross services). Serialised across replicas with an advisory lock.
 */
/** The union of two touched sets (null = everything). */
export function unionTouched(a: Touched, b: Touched): Touched {
  const union = <T>(x: Set<T> | null | undefined, y: Set<T> | null | undefined): Set<T> | null =>
    x === null || y === null ? null : new Set([...(x ?? []), ...(y ?? [])]);
  const repos = union(a.repos, b.repos);
  const services = union(a.services, b.services);
  const commits = new Map<string, Set<string>>();
  for (const m of [a.commits, b.commits]) for (const [repo, shas] of m ?? []) commits.set(repo, new Set([...(commits.get(repo) ?? []), ...shas]));
  return {
    repos,
    services,
    incidents: union(a.incidents ?? new Set(), b.incidents ?? new Set()) ?? new Set(),
    sessions: union(a.sessions ?? new Set(), b.sessions ?? new Set()) ?? new Set(),
    ...(repos === null ? {} : { commits }),
  };
}

const DEFERRED_ATTEMPTS = 5;
/** used heap (MB) past which a recompute collects garbage between two repositories */
const RECOMPUTE_HEAP_BUDGET_MB = 192;

@Injectable()
export class RecomputeService implements OnModuleDestroy {
  private readonly logger = new Logger(RecomputeService.name);
  /** deferred rebuilds not started yet (coalesced), with the pending markers they clear */
  private queued: { touched: Touched; markers: string[] } | null = null;
  private draining: Promise<void> | null = null;
  private closing = false;

  constructor(
    private readonly facts: FactsRepository,
    private readonly driftFacts: DriftFactsRepository,
    private readonly snapshot: MetricsSnapshot,
  ) {}

  async recompute(touched: Touched = { repos: null, services: null }): Promise<{ repos: number; ms: number }> {
    // a whole rebuild covers every import committed before it started: it clears their pending marker
    const whole = touched.repos === null && touched.services === null;
    try {
      return await this.facts.withLock(async () => {
        const marker = whole ? await this.facts.pendingMarker() : null;
        const result = await this.run(touched);
        if (marker) await this.facts.clearPending([marker]);
        return result;
      });
    } finally {
      // the facts version moved (or the settings that led here did): this process sees it at once
      this.snapshot.invalidate();
    }
  }

  /**
   * Rebuilds in the background: a large import answered once its rows were committed. Requests
   * arriving while one runs are merged into the next; a failure is retried with back-off, and
   * the pending marker (set in the import's transaction) survives a crash, so the next start
   * redoes it (`resumePending`). The marker is cleared when the rebuild that covers it commits.
   */
  defer(touched: Touched, marker: string | null): void {
    const markers = marker ? [marker] : [];
    this.queued = this.queued ? { touched: unionTouched(this.queued.touched, touched), markers: [...this.queued.markers, ...markers] } : { touched, markers };
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** The facts version and whether a deferred rebuild is pending (stored: every replica answers the same). */
  async status(): Promise<FactsStatus> {
    const s = await this.facts.status();
    return { factsVersion: s.version, rebuilding: s.pendingSince !== null || this.draining !== null, pendingSince: s.pendingSince ? new Date(s.pendingSince).toISOString() : null };
  }

  /** Resolves when no deferred rebuild is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** At start-up: a deferred rebuild that never committed (the process stopped) is redone, whole. */
  async resumePending(): Promise<boolean> {
    const marker = await this.facts.pendingMarker();
    if (!marker) return false;
    this.logger.warn({ pendingSince: marker }, 'derived facts pending since an earlier import: rebuilding them');
    this.defer({ repos: null, services: null }, marker);
    return true;
  }

  private async drain(): Promise<void> {
    while (this.queued && !this.closing) {
      const job = this.queued;
      this.queued = null;
      for (let attempt = 1; ; attempt++) {
        try {
          await this.recompute(job.touched);
          await this.facts.clearPending(job.markers);
          break;
        } catch (err) {
          if (attempt >= DEFERRED_ATTEMPTS || this.closing) {
            this.logger.error({ err, attempt }, 'deferred facts rebuild failed; the facts stay marked pending and are rebuilt at the next start or recompute');
            break;
          }
          const waitMs = Math.min(60_000, 2_000 * 2 ** attempt);
          this.logger.warn({ err, attempt, retryInMs: waitMs }, 'deferred facts rebuild failed; retrying');
          await new Promise((r) => setTimeout(r, waitMs).unref());
        }
      }
    }
  }

  /** Shutdown: no new attempts; a rebuild in progress gets a few seconds (its transaction rolls back otherwise, and the marker stays). */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.draining) await Promise.race([this.draining, new Promise((r) => setTimeout(r, 10_000).unref())]);
  }

  private async run(original: Touched): Promise<{ repos: number; ms: number }> {
    const started = Date.now();
    // new commits nothing refers to yet (a git sync's usual batch) need their commit facts only
    const commitsOnly = new Map<string, string[]>();
    let input = original;
    if (original.repos !== null && original.commits?.size) {
      const repos = new Set(original.repos);
      for (const [repo, shas] of original.commits) {
        if (repos.has(repo)) continue;
        if (await this.facts.commitsOnly(repo, [...shas])) commitsOnly.set(repo, [...shas]);
        else repos.add(repo);
      }
      input = { ...original, repos };
      if (repos.size === 0 && !input.services?.size && !input.incidents?.size && !input.sessions?.size) {
        return this.commitFactsOnly(commitsOnly, started);
      }
    }
    // sessions touch their repository (the session's PR unit lives there) or, without one, themselves
    let touched = input;
    let repolessSessions: string[] = [];
    const touchedSessions = [...(input.sessions ?? [])];
    if (input.repos === null) repolessSessions = await this.driftFacts.repolessSessions();
    else if (touchedSessions.length) {
      const s = await this.driftFacts.sessionRepos(touchedSessions);
      touched = { ...input, repos: new Set([...input.repos, ...s.repos]) };
      repolessSessions = s.repoless;
    }
    const settings = await this.facts.settings();
    const rules = mergeRules(settings.timeZone, settings.productionPattern, settings.rules);
    const isProduction = productionMatcher(rules);
    const [people, repos, serviceRepos, { deployments, incidents }, windows, patterns] = await Promise.all([
      this.facts.people(),
      this.facts.repositories(),
      this.facts.serviceRepos(),
      // a whole recompute reads them whole; otherwise the touched ones are read again
      this.facts.globalInputs(touched.repos === null ? null : touched.services, touched.repos === null ? null : (touched.incidents ?? new Set())),
      this.facts.serviceWindows(),
      this.facts.patterns(),
    ]);
    const identities = new IdentityIndex(people, rules);
    const owners = await this.driftFacts.owners();
    const squadsOf = new Map(owners.people.map((p) => [p.key, p.squads ?? []]));
    const driftCtx = {
      rules,
      identities,
      ownerSquads: ownerSquadResolver(owners.squads, owners.people),
      personSquads: (key: string) => squadsOf.get(key) ?? [],
    };
    // what the log line reports (the facts themselves are written as each repository is done)
    const written = { changes: 0, citations: 0, driftEpisodes: 0 };
    // what attribution and outcomes need of the shipped changes (not the changes themselves)
    const shipped = new ShippedIndex(incidents);

    // deployment streams: (service, repo) → deployments
    const streams = new Map<string, { service: string; repo: string | null; deployments: DeploymentInput[] }>();
    for (const d of deployments) {
      const repo = d.repo ?? serviceRepos.get(d.service) ?? null;
      const k = `${d.service}\u0000${repo ?? ''}`;
      const s = streams.get(k) ?? { service: d.service, repo, deployments: [] };
      s.deployments.push(d);
      streams.set(k, s);
    }
    // affected: the repositories whose shipping (change facts) is rebuilt; full: those whose
    // repository-level facts (PR, review, commit facts, citations, drift) are rebuilt too. A
    // registered repository reached only through a touched deployment stream needs its shipping
    // alone: deployments change none of its other facts
    const affected = new Set<string>();
    for (const r of repos) if (touched.repos === null || touched.repos.has(r.key)) affected.add(r.key);
    const full = new Set(affected);
    const registered = new Set(repos.map((r) => r.key));
    for (const s of streams.values()) {
      if (s.repo && (touched.services === null || touched.services.has(s.service) || (touched.repos?.has(s.repo) ?? true))) {
        affected.add(s.repo);
        if (touched.repos === null || !registered.has(s.repo)) full.add(s.repo);
      }
    }
    const defaultBranch = new Map(repos.map((r) => [r.key, r.defaultBranch]));
    // rebuilt whole anyway (a repository rebuilt for its shipping only still needs its new commits' facts)
    for (const repo of full) commitsOnly.delete(repo);

    // PRs whose text names an incident (kept from each repository's PR facts; the facts themselves are not kept)
    const prsWithIncidentRefs: string[] = [];
    const shipping = new Map<string, { shipped: number; rule: string }>();
    const streamsByRepo = new Map<string, typeof streams extends Map<string, infer V> ? V[] : never>();
    for (const s of streams.values()) {
      if (!s.repo) continue;
      pushTo(streamsByRepo, s.repo, s);
    }
    const mentions = incidentMentionMatcher(incidents.map((i) => i.id));
    const cites = citationMatcher(patterns, rules);
    const sessionUnits = input.repos === null ? null : [...new Set([...touchedSessions, ...repolessSessions])].map((id) => `session:${id}`);
    // one transaction; each repository's facts are written as soon as they are computed, so
    // memory holds one repository's facts (plus the changes the global steps need), not all
    // where the time goes, in the log line: loading the inputs, the repositories, the global steps, writing them
    const phases = { inputsMs: Date.now() - started, reposMs: 0, repoLoadMs: 0, repoWriteMs: 0, globalMs: 0, globalReadMs: 0, attributionMs: 0, outcomesMs: 0, writeMs: 0 };
    return this.facts.replace([...full], [...affected], sessionUnits, async (writer) => {
    const reposStarted = Date.now();
    // a whole rebuild goes through every repository: collect each one's garbage before it piles up
    const heap = new HeapBudget(affected.size > 1 ? RECOMPUTE_HEAP_BUDGET_MB : 0);
    for (const repo of affected) {
      heap.check();
      let t = Date.now();
      const data = await this.facts.repoData(repo);
      phases.repoLoadMs += Date.now() - t;
      if (!full.has(repo)) {
        const changes = this.shippingOf(repo, streamsByRepo.get(repo) ?? [], data, defaultBranch.get(repo) ?? null, identities, rules, isProduction, shipping);
        t = Date.now();
        await writer.addChanges(changes);
        phases.repoWriteMs += Date.now() - t;
        for (const c of changes) shipped.add(c);
        written.changes += changes.length;
        continue;
      }
      // pattern citations of the touched repositories' PRs (a library change touches everything)
      const repoCitations = extractCitations(repo, data.pullRequests, patterns, rules, cites);
      const f = computeRepoFacts(repo, data.commits, data.pullRequests, data.reviews, identities, rules, mentions);
      t = Date.now();
      const driftInput = await this.driftFacts.repoInput(repo);
      phases.repoLoadMs += Date.now() - t;
      const repoDrift = computeDriftFacts(
        {
          ...driftInput,
          repoSquads: owners.repoSquads.get(repo) ?? [],
          prAgent: new Map(f.prs.map((p) => [p.number, { agent: p.agent, agentRule: p.agentRule }])),
          citations: repoCitations,
        },
        driftCtx,
      );
      for (const p of f.prs) if (p.incidentRefs) prsWithIncidentRefs.push(`${p.repo}#${p.number}`);
      const repoChanges = this.shippingOf(repo, streamsByRepo.get(repo) ?? [], data, defaultBranch.get(repo) ?? null, identities, rules, isProduction, shipping);
      t = Date.now();
      await writer.addRepo({ prs: f.prs, reviews: f.reviews, commits: f.commits, citations: repoCitations, changes: repoChanges, drift: repoDrift });
      phases.repoWriteMs += Date.now() - t;
      for (const c of repoChanges) shipped.add(c);
      written.changes += repoChanges.length;
      written.citations += repoCitations.length;
      written.driftEpisodes += repoDrift.episodes.length;
    }
    // streams without a repository still need their baseline/shipping entries
    for (const s of streams.values()) {
      if (s.repo) continue;
      const r = computeShipping(s.service, s.deployments, null, identities, rules.agentLabel, isProduction);
      for (const [id, v] of r.perDeployment) shipping.set(id, v);
    }
    for (const [repo, shas] of commitsOnly) {
      const commits = await this.facts.commitsBySha(repo, shas);
      await writer.addCommits(repo, computeRepoFacts(repo, commits, [], [], identities, rules, null).commits);
    }
    phases.reposMs = Date.now() - reposStarted;
    const globalStarted = Date.now();
    const storedShipping = await writer.storedShipping();
    for (const s of streams.values()) {
      if (!s.repo || affected.has(s.repo)) continue;
      // untouched streams keep the shipping classification computed last time
      for (const d of s.deployments) {
        const v = storedShipping.get(d.id);
        if (v && !shipping.has(d.id)) shipping.set(d.id, v);
      }
    }

    // PRs linked to an incident: named by it as its cause, or naming its id in title/body
    // (text mentions are kept in pr_facts, so untouched repositories keep their links)
    const incidentLinkedPrs = new Set<string>();
    for (const i of incidents) if (i.causedBy?.pr) incidentLinkedPrs.add(`${i.causedBy.pr.repo}#${i.causedBy.pr.number}`);
    for (const k of prsWithIncidentRefs) incidentLinkedPrs.add(k);
    // (PR facts of repositories rebuilt for their shipping only are kept: read them like the others')
    for (const k of await this.facts.storedIncidentLinkedPrs([...full])) incidentLinkedPrs.add(k);
    // incidents that just arrived may be named by PRs of repositories not recomputed now
    const newIncidents = [...(touched.incidents ?? [])];
    const mentionNew = incidentMentionMatcher(newIncidents);
    const lateLinks: { repo: string; number: number; refs: string[] }[] = [];
    if (mentionNew) {
      for (const pr of await this.facts.prsMentioning(newIncidents, [...full])) {
        const refs = mentionNew(`${pr.title}\n${pr.body}`);
        if (refs.length) {
          incidentLinkedPrs.add(`${pr.repo}#${pr.number}`);
          lateLinks.push({ repo: pr.repo, number: pr.number, refs });
        }
      }
    }
    // the stored changes of untouched repositories that matter here: shipping a commit or PR an
    // incident names, an incident-linked PR, or a hotfix label
    for (const c of await this.facts.storedShippedChanges([...affected], {
      shas: shipped.causeShas,
      prefixes: shipped.causePrefixes,
      prs: [...new Set([...shipped.causePrs, ...incidentLinkedPrs])],
      labels: rules.hotfixLabels.map((l) => l.toLowerCase()),
    })) {
      shipped.add(c);
    }
    phases.globalReadMs = Date.now() - globalStarted;
    const counted = deployments.filter((d) => d.status === 'success' && isProduction(d.environment));
    const attributions = attributeIncidents(incidents, {
      counted,
      allDeploymentIds: new Set(deployments.map((d) => d.id)),
      shippedSha: shipped.shippedSha,
      shippedPr: shipped.shippedPr,
      windowFor: (service) => windows.get(service) ?? rules.attributionWindowS,
    });
    let sessionDrift: DriftFacts = { units: [], episodes: [], signals: [] };
    if (repolessSessions.length) {
      const d = await this.driftFacts.repolessInput(repolessSessions);
      sessionDrift = computeDriftFacts({ ...d, repoSquads: [], prAgent: new Map(), citations: [] }, driftCtx);
      written.driftEpisodes += sessionDrift.episodes.length;
    }
    const outcomesStarted = Date.now();
    phases.attributionMs = outcomesStarted - globalStarted - phases.globalReadMs;
    const deploymentFacts = classifyDeployments(deployments, {
      isProduction,
      attributions,
      incidents,
      changes: shipped.changes,
      shipping,
      hotfixLabels: rules.hotfixLabels,
      incidentLinkedPrs,
    });
    phases.outcomesMs = Date.now() - outcomesStarted;
    phases.globalMs = Date.now() - globalStarted;
    const writeStarted = Date.now();
    const globalWrite = await writer.finish({ deployments: deploymentFacts, incidents: attributions, lateLinks, drift: sessionDrift });
    phases.writeMs = Date.now() - writeStarted;
    const ms = Date.now() - started;
    this.logger.log(
      { repos: affected.size, changes: written.changes, deployments: deploymentFacts.length, incidents: attributions.length, citations: written.citations, driftEpisodes: written.driftEpisodes, ms, ...phases, gcs: heap.collections, globalWrite },
      'facts recomputed',
    );
    return { repos: affected.size, ms };
    });
  }

  /** What each deployment of a repository's streams ships (its change facts), and each deployment's shipping classification into `shipping`. */
  private shippingOf(
    repo: string,
    streams: { service: string; deployments: DeploymentInput[] }[],
    data: Awaited<ReturnType<FactsRepository['repoData']>>,
    defaultBranch: string | null,
    identities: IdentityIndex,
    rules: ReturnType<typeof mergeRules>,
    isProduction: (env: string) => boolean,
    shipping: Map<string, { shipped: number; rule: string }>,
  ): ChangeFact[] {
    const changes: ChangeFact[] = [];
    for (const s of streams) {
      const r = computeShipping(s.service, s.deployments, { repo, defaultBranch, ...data }, identities, rules.agentLabel, isProduction);
      changes.push(...r.changes);
      for (const [id, v] of r.perDeployment) shipping.set(id, v);
    }
    return changes;
  }

  /** Every touched repository took the commits-only path: derive their commit facts, nothing else. */
  private async commitFactsOnly(byRepo: Map<string, string[]>, started: number): Promise<{ repos: number; ms: number }> {
    const settings = await this.facts.settings();
    const rules = mergeRules(settings.timeZone, settings.productionPattern, settings.rules);
    const identities = new IdentityIndex(await this.facts.people(), rules);
    const out: { repo: string; facts: CommitFact[] }[] = [];
    let commits = 0;
    for (const [repo, shas] of byRepo) {
      const facts = computeRepoFacts(repo, await this.facts.commitsBySha(repo, shas), [], [], identities, rules, null).commits;
      commits += facts.length;
      out.push({ repo, facts });
    }
    await this.facts.writeCommitsOnly(out);
    const ms = Date.now() - started;
    this.logger.log({ commitsOnlyRepos: byRepo.size, commits, ms }, 'facts recomputed (new commits only)');
    return { repos: byRepo.size, ms };
  }
}
