import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CitationFact, PatternInput } from './classify/citations.js';
import type { ShippedChange } from './classify/shipped-index.js';
import type { CommitFact, PrFact, ReviewFact } from './classify/repo-facts.js';
import type {
  ChangeFact,
  CommitInput,
  DeploymentFact,
  DeploymentInput,
  IncidentAttribution,
  IncidentInput,
  PullRequestInput,
  ReviewInput,
} from './classify/types.js';
import type { DriftEpisodeFact, DriftSignalFact, DriftUnitFact } from '../drift/drift-facts.js';
import type { PersonRow } from './identity.js';

export interface DriftFacts {
  units: DriftUnitFact[];
  episodes: DriftEpisodeFact[];
  signals: DriftSignalFact[];
}

/** Writes derived facts inside the transaction of `FactsRepository.replace`. */
export interface FactsWriter {
  /** one repository's facts, inserted at once */
  addRepo(f: { prs: PrFact[]; reviews: ReviewFact[]; commits: CommitFact[]; citations: CitationFact[]; changes: ChangeFact[]; drift: DriftFacts }): Promise<void>;
  /** change facts of a repository rebuilt for its shipping only (a deployment arrived; its other facts are kept) */
  addChanges(changes: ChangeFact[]): Promise<void>;
  /** commit facts of new commits nothing else refers to (see `commitsOnly`), replacing those shas' facts */
  addCommits(repo: string, facts: CommitFact[]): Promise<void>;
  /** each deployment's stored shipping classification (kept in memory when this process wrote it) */
  storedShipping(): Promise<Map<string, { shipped: number; rule: string }>>;
  /** the global facts (every deployment's outcome, every incident's attribution), late incident links, session-only drift; bumps the facts version */
  finish(f: { deployments: DeploymentFact[]; incidents: IncidentAttribution[]; lateLinks: { repo: string; number: number; refs: string[] }[]; drift: DriftFacts }): Promise<GlobalWrite>;
}

type ColType = 'text' | 'integer' | 'timestamptz' | 'boolean' | 'text[]' | 'jsonb' | 'double precision';

const snakeNames = new Map<string, string>();
/** camelCase field → snake_case column (memoised: it runs for every field of every fact row) */
const snake = (s: string) => {
  let n = snakeNames.get(s);
  if (n === undefined) snakeNames.set(s, (n = s.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)));
  return n;
};

/** A fact as the row bulkInsert writes (snake_case columns, nulls explicit). Bulk inserts go through jsonb_to_recordset (one parameter per chunk); column names are constants. */
function rowOf(cols: [string, ColType][], r: object): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [f] of cols) o[snake(f)] = (r as Record<string, unknown>)[f] ?? null;
  return o;
}

async function bulkInsertRows(m: EntityManager, table: string, cols: [string, ColType][], rows: Record<string, unknown>[]): Promise<void> {
  const names = cols.map(([f]) => `"${snake(f)}"`);
  const defs = cols.map(([f, t]) => `"${snake(f)}" ${t}`);
  const sql = `INSERT INTO "${table}" (${names.join(', ')}) SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${defs.join(', ')})`;
  for (let i = 0; i < rows.length; i += 5000) await m.query(sql, [JSON.stringify(rows.slice(i, i + 5000))]);
}

async function bulkInsert(m: EntityManager, table: string, cols: [string, ColType][], rows: object[]): Promise<void> {
  await bulkInsertRows(m, table, cols, rows.map((r) => rowOf(cols, r)));
}

/** Bumps the facts version; returns the new one. (TypeORM answers an UPDATE … RETURNING with [rows, count], so read it back.) */
async function bumpVersion(m: EntityManager): Promise<string> {
  await m.query(`UPDATE org_settings SET facts_version = facts_version + 1 WHERE id = 1`);
  const [r] = (await m.query(`SELECT facts_version::text AS v FROM org_settings WHERE id = 1`)) as { v: string }[];
  return r!.v;
}

/** Rows of the global fact tables written by a recompute: all of them (no usable cache), or just those that changed. */
export interface GlobalWrite {
  whole: boolean;
  deploymentRows: number;
  incidentRows: number;
}

/** Every deployment and incident by id, as they were when the facts reached `version`. */
interface GlobalInputs {
  version: string;
  deployments: Map<string, DeploymentInput>;
  incidents: Map<string, IncidentRow>;
}

type IncidentRow = IncidentInput & { title: string };

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The global fact rows this process last wrote, serialised, by id; valid while the version is theirs. */
interface WrittenGlobals {
  version: string;
  deployments: Map<string, string>;
  incidents: Map<string, string>;
  /** each deployment's shipping classification, as `storedShipping` would read it */
  shipping: Map<string, { shipped: number; rule: string }>;
}

type Shipping = Map<string, { shipped: number; rule: string }>;

/**
 * Writes a global fact table (every deployment's outcome, every incident's attribution). When
 * this process wrote the stored rows (same facts version, same row count), only the rows that
 * differ are deleted and inserted again — after one deployment arrives that is a handful, not
 * every deployment of the organisation; otherwise the table is rewritten. Returns the rows by id.
 */
async function writeGlobal(
  m: EntityManager,
  table: 'deployment_facts' | 'incident_facts',
  key: 'deployment_id' | 'incident_id',
  cols: [string, ColType][],
  facts: object[],
  prior: Map<string, string> | null,
): Promise<{ rows: Map<string, string>; written: number }> {
  const rows = facts.map((f) => rowOf(cols, f));
  const now = new Map(rows.map((r) => [r[key] as string, JSON.stringify(r)]));
  if (!prior) {
    await m.query(`DELETE FROM ${table}`);
    await bulkInsertRows(m, table, cols, rows);
    return { rows: now, written: rows.length };
  }
  const changed = rows.filter((r) => prior.get(r[key] as string) !== now.get(r[key] as string));
  const gone = [...prior.keys()].filter((id) => !now.has(id));
  const stale = [...gone, ...changed.map((r) => r[key] as string)];
  if (stale.length) await m.query(`DELETE FROM ${table} WHERE ${key} = ANY($1::text[])`, [stale]);
  await bulkInsertRows(m, table, cols, changed);
  return { rows: now, written: stale.length };
}

async function replaceCommitFacts(m: EntityManager, repo: string, facts: CommitFact[]): Promise<void> {
  await m.query(`DELETE FROM commit_facts WHERE repo = $1 AND sha = ANY($2::text[])`, [repo, facts.map((f) => f.sha)]);
  await bulkInsert(m, 'commit_facts', COMMIT_COLS, facts);
}

const CHANGE_COLS: [string, ColType][] = [
  ['repo', 'text'], ['changeKey', 'text'], ['deploymentId', 'text'], ['service', 'text'], ['prNumber', 'integer'], ['shas', 'text[]'],
  ['author', 'text'], ['agent', 'boolean'], ['startedAt', 'timestamptz'], ['openedAt', 'timestamptz'], ['firstReviewAt', 'timestamptz'],
  ['mergedAt', 'timestamptz'], ['deployedAt', 'timestamptz'], ['leadTimeS', 'double precision'], ['codingS', 'double precision'],
  ['pickupS', 'double precision'], ['reviewS', 'double precision'], ['deployS', 'double precision'], ['rule', 'text'], ['labels', 'text[]'],
];
const DEPLOYMENT_COLS: [string, ColType][] = [
  ['deploymentId', 'text'], ['service', 'text'], ['repo', 'text'], ['finishedAt', 'timestamptz'], ['counted', 'boolean'], ['rollback', 'boolean'],
  ['rollbackRule', 'text'], ['failed', 'boolean'], ['failureRules', 'text[]'], ['failureStartedAt', 'timestamptz'], ['recoveredAt', 'timestamptz'],
  ['recoveryRule', 'text'], ['rework', 'boolean'], ['reworkRules', 'text[]'], ['changesShipped', 'integer'], ['shippingRule', 'text'], ['detail', 'jsonb'],
];
const INCIDENT_COLS: [string, ColType][] = [['incidentId', 'text'], ['deploymentId', 'text'], ['rule', 'text'], ['detail', 'jsonb']];
const PR_COLS: [string, ColType][] = [
  ['repo', 'text'], ['number', 'integer'], ['author', 'text'], ['agent', 'boolean'], ['agentRule', 'text'], ['bot', 'boolean'],
  ['createdAt', 'timestamptz'], ['mergedAt', 'timestamptz'], ['firstReviewAt', 'timestamptz'], ['firstReviewer', 'text'], ['incidentRefs', 'text[]'],
];
const REVIEW_COLS: [string, ColType][] = [
  ['repo', 'text'], ['number', 'integer'], ['id', 'text'], ['reviewer', 'text'], ['submittedAt', 'timestamptz'], ['counted', 'boolean'], ['practiceLead', 'boolean'],
];
const CITATION_COLS: [string, ColType][] = [['repo', 'text'], ['number', 'integer'], ['patternKey', 'text'], ['kind', 'text'], ['via', 'text']];
const DRIFT_UNIT_COLS: [string, ColType][] = [
  ['unit', 'text'], ['unitKind', 'text'], ['repo', 'text'], ['prNumber', 'integer'], ['sessionId', 'text'], ['person', 'text'], ['agent', 'boolean'],
  ['agentRule', 'text'], ['startedAt', 'timestamptz'],
];
const DRIFT_EPISODE_COLS: [string, ColType][] = [
  ['id', 'text'], ['unit', 'text'], ['unitKind', 'text'], ['repo', 'text'], ['prNumber', 'integer'], ['sessionId', 'text'], ['person', 'text'],
  ['agent', 'boolean'], ['startedAt', 'timestamptz'], ['recoveredAt', 'timestamptz'], ['recovery', 'text'], ['recoveryRef', 'text'],
];
const DRIFT_SIGNAL_COLS: [string, ColType][] = [['episodeId', 'text'], ['position', 'integer'], ['kind', 'text'], ['at', 'timestamptz'], ['detail', 'text'], ['ref', 'text']];
const COMMIT_COLS: [string, ColType][] = [
  ['repo', 'text'], ['sha', 'text'], ['author', 'text'], ['human', 'boolean'], ['authoredAt', 'timestamptz'], ['outOfHours', 'boolean'], ['timeZone', 'text'],
];

export interface RepoData {
  commits: CommitInput[];
  pullRequests: PullRequestInput[];
  reviews: ReviewInput[];
}

/** Reads canonical rows for the classifiers and writes the derived fact tables. */
@Injectable()
export class FactsRepository {
  /** see writeGlobal; null until this process writes the global facts, and after a failed write */
  private written: WrittenGlobals | null = null;
  /** see globalInputs: the raw deployments and incidents as of `version`; `reading`: what the recompute in progress read */
  private inputs: GlobalInputs | null = null;
  private reading: GlobalInputs | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The cached global rows when they are still what the database holds (read inside the recompute's transaction). */
  private async writtenStillStored(m: EntityManager, w: WrittenGlobals | null): Promise<WrittenGlobals | null> {
    if (!w) return null;
    const [r] = (await m.query(
      `SELECT facts_version::text AS v, (SELECT count(*) FROM deployment_facts)::int AS d, (SELECT count(*) FROM incident_facts)::int AS i FROM org_settings WHERE id = 1`,
    )) as { v: string; d: number; i: number }[];
    return r && r.v === w.version && r.d === w.deployments.size && r.i === w.incidents.size ? w : null;
  }

  /** The facts version and, while a deferred rebuild is pending, since when. */
  async status(): Promise<{ version: string; pendingSince: Date | null }> {
    const [r] = (await this.dataSource.query(
      `SELECT facts_version::text AS version, facts_pending_since AS "pendingSince" FROM org_settings WHERE id = 1`,
    )) as { version: string; pendingSince: Date | null }[];
    return r ?? { version: '0', pendingSince: null };
  }

  /** The pending marker as stored (text, full precision), or null. */
  async pendingMarker(): Promise<string | null> {
    const [r] = (await this.dataSource.query(`SELECT facts_pending_since::text AS marker FROM org_settings WHERE id = 1`)) as { marker: string | null }[];
    return r?.marker ?? null;
  }

  /** Clears the pending marker if it is still one of these (a newer deferred import keeps its own). */
  async clearPending(markers: readonly string[]): Promise<void> {
    if (markers.length === 0) return;
    await this.dataSource.query(`UPDATE org_settings SET facts_pending_since = NULL WHERE id = 1 AND facts_pending_since = ANY($1::timestamptz[])`, [markers]);
  }

  async settings(): Promise<{ timeZone: string; productionPattern: string; rules: Record<string, unknown> }> {
    const rows = (await this.dataSource.query(
      `SELECT time_zone AS "timeZone", production_pattern AS "productionPattern", rules FROM org_settings WHERE id = 1`,
    )) as { timeZone: string; productionPattern: string; rules: Record<string, unknown> }[];
    return rows[0] ?? { timeZone: 'UTC', productionPattern: '^(prod|production|live)$', rules: {} };
  }

  async serviceWindows(): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(
      `SELECT service, attribution_window_s AS w FROM service_settings WHERE attribution_window_s IS NOT NULL`,
    )) as { service: string; w: number }[];
    return new Map(rows.map((r) => [r.service, r.w]));
  }

  async people(): Promise<PersonRow[]> {
    return (await this.dataSource.query(
      `SELECT key, kind, emails, logins, roles, time_zone AS "timeZone" FROM people`,
    )) as PersonRow[];
  }

  async repositories(): Promise<{ key: string; defaultBranch: string | null }[]> {
    return (await this.dataSource.query(
      `SELECT key, default_branch AS "defaultBranch" FROM repositories
       UNION SELECT DISTINCT repo, NULL FROM pull_requests WHERE repo NOT IN (SELECT key FROM repositories)
       UNION SELECT DISTINCT repo, NULL FROM deployments WHERE repo IS NOT NULL AND repo NOT IN (SELECT key FROM repositories)`,
    )) as { key: string; defaultBranch: string | null }[];
  }

  /** the first repository of each service (used when a deployment names no repo) */
  async serviceRepos(): Promise<Map<string, string>> {
    const rows = (await this.dataSource.query(
      `SELECT key, repositories[1] AS repo FROM services WHERE cardinality(repositories) > 0`,
    )) as { key: string; repo: string }[];
    return new Map(rows.map((r) => [r.key, r.repo]));
  }

  async deployments(services?: readonly string[]): Promise<DeploymentInput[]> {
    return (await this.dataSource.query(
      `SELECT id, service, repo, environment, lower(sha) AS sha, status, started_at AS "startedAt", finished_at AS "finishedAt", rollback, failed FROM deployments` +
        (services ? ` WHERE service = ANY($1::text[])` : ''),
      services ? [services] : [],
    )) as DeploymentInput[];
  }

  async incidents(ids?: readonly string[]): Promise<IncidentRow[]> {
    return (await this.dataSource.query(
      `SELECT id, service, title, opened_at AS "openedAt", resolved_at AS "resolvedAt", caused_by AS "causedBy" FROM incidents` + (ids ? ` WHERE id = ANY($1::text[])` : ''),
      ids ? [ids] : [],
    )) as IncidentRow[];
  }

  /**
   * Every deployment and incident, in id order: the organisation-wide steps of a recompute need
   * them all. Raw rows change only through an import or a sync, whose recompute names what it
   * touched, so while the facts version is still the one this process last wrote, only the
   * touched services' deployments and the touched incidents are read again (at size L a whole
   * read is about a second). Another process's recompute moved the version: read whole.
   * Call inside the recompute lock; the rows are kept once the recompute commits.
   */
  async globalInputs(services: ReadonlySet<string> | null, incidents: ReadonlySet<string> | null): Promise<{ deployments: DeploymentInput[]; incidents: IncidentRow[] }> {
    const { version } = await this.status();
    let c = this.inputs;
    this.inputs = null; // until this recompute commits
    if (!c || c.version !== version || services === null || incidents === null) {
      const [ds, is] = await Promise.all([this.deployments(), this.incidents()]);
      c = { version, deployments: new Map(ds.map((d) => [d.id, d])), incidents: new Map(is.map((i) => [i.id, i])) };
    } else {
      const [ds, is] = await Promise.all([
        services.size ? this.deployments([...services]) : [],
        incidents.size ? this.incidents([...incidents]) : [],
      ]);
      for (const d of ds) c.deployments.set(d.id, d);
      for (const i of is) c.incidents.set(i.id, i);
    }
    this.reading = c;
    return { deployments: [...c.deployments.values()].sort(byId), incidents: [...c.incidents.values()].sort(byId) };
  }

  /** the pattern library (citations are classified against it) */
  async patterns(): Promise<PatternInput[]> {
    return (await this.dataSource.query(
      `SELECT key, status, retired_at AS "retiredAt", path FROM patterns ORDER BY key`,
    )) as PatternInput[];
  }

  async repoData(repo: string): Promise<RepoData> {
    const [commits, pullRequests, reviews] = await Promise.all([
      this.dataSource.query(
        `SELECT lower(sha) AS sha, (SELECT array_agg(lower(p)) FROM unnest(parents) p) AS parents, author, authored_at AS "authoredAt", message FROM commits WHERE repo = $1`,
        [repo],
      ) as Promise<CommitInput[]>,
      this.dataSource.query(
        `SELECT number, title, body, author, created_at AS "createdAt", merged_at AS "mergedAt", base_branch AS "baseBranch",
                lower(merge_sha) AS "mergeSha", (SELECT array_agg(lower(c)) FROM unnest(commits) c) AS commits, labels
         FROM pull_requests WHERE repo = $1`,
        [repo],
      ) as Promise<PullRequestInput[]>,
      this.dataSource.query(
        `SELECT number, id, reviewer, submitted_at AS "submittedAt" FROM reviews WHERE repo = $1`,
        [repo],
      ) as Promise<ReviewInput[]>,
    ]);
    for (const c of commits) c.parents ??= [];
    return { commits, pullRequests, reviews };
  }

  /** shipping classification of deployments whose stream is not recomputed */
  async storedShipping(m: EntityManager = this.dataSource.manager): Promise<Shipping> {
    const rows = (await m.query(
      `SELECT deployment_id AS id, changes_shipped AS shipped, shipping_rule AS rule FROM deployment_facts WHERE shipping_rule IS NOT NULL`,
    )) as { id: string; shipped: number; rule: string }[];
    return new Map(rows.map((r) => [r.id, { shipped: r.shipped, rule: r.rule }]));
  }

  /**
   * The stored changes of untouched repositories that the organisation-wide steps need (see
   * ShippedIndex): those shipping a commit an incident names (exactly or by a 7-character
   * prefix; only those commits are returned), a PR in `prs`, or a label in `labels` (lower case).
   * The rest stay in the database.
   */
  async storedShippedChanges(
    excludeRepos: string[],
    want: { shas: string[]; prefixes: string[]; prs: string[]; labels: string[] },
  ): Promise<(ShippedChange & { shas: string[] })[]> {
    if (!want.shas.length && !want.prs.length && !want.labels.length) return [];
    return (await this.dataSource.query(
      `SELECT repo, deployment_id AS "deploymentId", pr_number AS "prNumber", labels,
              ARRAY(SELECT s FROM unnest(c.shas) s WHERE s = ANY($2::text[]) OR left(s, 7) = ANY($3::text[])) AS shas
       FROM change_facts c
       WHERE NOT (repo = ANY($1::text[]))
         AND ((cardinality($2::text[]) > 0 AND EXISTS (SELECT 1 FROM unnest(c.shas) s WHERE s = ANY($2::text[]) OR left(s, 7) = ANY($3::text[])))
           OR (pr_number IS NOT NULL AND repo || '#' || pr_number = ANY($4::text[]))
           OR (labels IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(c.labels) l WHERE lower(l) = ANY($5::text[]))))`,
      [excludeRepos, want.shas, want.prefixes, want.prs, want.labels],
    )) as (ShippedChange & { shas: string[] })[];
  }

  /** `repo#number` of PRs in untouched repositories whose text names an incident */
  async storedIncidentLinkedPrs(excludeRepos: string[]): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT repo || '#' || number AS k FROM pr_facts WHERE incident_refs IS NOT NULL AND NOT (repo = ANY($1::text[]))`,
      [excludeRepos],
    )) as { k: string }[];
    return rows.map((r) => r.k);
  }

  /** PRs outside the given repositories whose title or body contains one of the ids (candidates) */
  async prsMentioning(ids: string[], excludeRepos: string[]): Promise<{ repo: string; number: number; title: string; body: string }[]> {
    return (await this.dataSource.query(
      `SELECT p.repo, p.number, p.title, p.body FROM pull_requests p
       WHERE NOT (p.repo = ANY($2::text[]))
         AND EXISTS (SELECT 1 FROM unnest($1::text[]) id WHERE strpos(p.title, id) > 0 OR strpos(p.body, id) > 0)`,
      [ids, excludeRepos],
    )) as { repo: string; number: number; title: string; body: string }[];
  }

  /**
   * Replaces the derived facts of `repos` and the change facts of `changeRepos` (and the given session units; null = every unit) in
   * ONE transaction, written as they are computed: `fn` hands each repository's facts to
   * `addRepo` (inserted at once, so the caller need not keep them in memory) and the global
   * facts to `finish`, which also bumps the facts version. Readers see the old facts until the
   * commit, and nothing half-written ever.
   */
  /**
   * Whether new commits of `repo` can change nothing but their own commit facts: the repository
   * is known; none of them had facts already (a replayed commit may have moved); no PR lists
   * them or merged as them; no deployment of the repository's streams is at one of them, nor
   * does the repository have deployments but no earlier history (its shipping rule changes);
   * no stored commit has one of them as parent (what a deployment ships could grow); no agent
   * session of the repository overlaps their commit times (session drift units take commits
   * by time). Then they need no repository recompute and no global step.
   */
  async commitsOnly(repo: string, shas: string[]): Promise<boolean> {
    const rows = (await this.hashJoined((m) => m.query(
      // every test against the new shas is a hashed `IN (SELECT sha FROM s)` (one hash table per
      // test), never a join to the CTE per row: a first sync brings tens of thousands of shas
      `WITH s AS MATERIALIZED (SELECT DISTINCT lower(x) AS sha FROM unnest($2::text[]) x),
            span AS (SELECT min(c.committed_at) AS lo, max(c.committed_at) AS hi FROM commits c WHERE c.repo = $1 AND lower(c.sha) IN (SELECT sha FROM s)),
            streams AS (SELECT lower(d.sha) AS sha FROM deployments d
                        WHERE d.repo = $1 OR (d.repo IS NULL AND d.service IN (SELECT key FROM services WHERE repositories[1] = $1)))
       SELECT EXISTS (SELECT 1 FROM repositories WHERE key = $1) AS known,
              EXISTS (SELECT 1 FROM commit_facts f WHERE f.repo = $1 AND f.sha IN (SELECT sha FROM s)) AS seen,
              EXISTS (SELECT 1 FROM pull_requests p WHERE p.repo = $1 AND lower(p.merge_sha) IN (SELECT sha FROM s))
                OR EXISTS (SELECT 1 FROM pull_requests p CROSS JOIN LATERAL unnest(p.commits) pc WHERE p.repo = $1 AND lower(pc) IN (SELECT sha FROM s)) AS pr,
              EXISTS (SELECT 1 FROM streams d WHERE d.sha IN (SELECT sha FROM s)) AS deployed,
              (EXISTS (SELECT 1 FROM streams) AND NOT EXISTS (SELECT 1 FROM commits c WHERE c.repo = $1 AND lower(c.sha) NOT IN (SELECT sha FROM s))) AS first_history,
              EXISTS (SELECT 1 FROM commits c CROSS JOIN LATERAL unnest(c.parents) p
                      WHERE c.repo = $1 AND lower(p) IN (SELECT sha FROM s) AND lower(c.sha) NOT IN (SELECT sha FROM s)) AS child,
              EXISTS (SELECT 1 FROM agent_sessions a, span WHERE a.repo = $1 AND a.started_at <= span.hi AND (a.ended_at IS NULL OR a.ended_at >= span.lo)) AS session`,
      [repo, shas],
    ))) as { known: boolean; seen: boolean; pr: boolean; deployed: boolean; first_history: boolean; child: boolean; session: boolean }[];
    const r = rows[0]!;
    return r.known && !r.seen && !r.pr && !r.deployed && !r.first_history && !r.child && !r.session;
  }

  /** The given commits of a repository, as the repository recompute reads them. */
  async commitsBySha(repo: string, shas: string[]): Promise<CommitInput[]> {
    const commits = (await this.hashJoined((m) => m.query(
      `SELECT lower(c.sha) AS sha, (SELECT array_agg(lower(p)) FROM unnest(c.parents) p) AS parents, c.author, c.authored_at AS "authoredAt", c.message
       FROM commits c WHERE c.repo = $1 AND lower(c.sha) IN (SELECT lower(x) FROM unnest($2::text[]) x)`,
      [repo, shas],
    ))) as CommitInput[];
    for (const c of commits) c.parents ??= [];
    return commits;
  }

  /**
   * Runs set-membership queries against a list of (possibly tens of thousands of) shas with
   * nested loops off: right after a sync the planner's statistics still say the repository has
   * no commits, and a nested loop over 20,000 × 20,000 rows took past the statement timeout.
   */
  private hashJoined<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL enable_nestloop = off`);
      return fn(m);
    });
  }

  /** Only commit facts changed (every touched repository took the commits-only path): write them and bump the version. */
  async writeCommitsOnly(byRepo: { repo: string; facts: CommitFact[] }[]): Promise<void> {
    const before = this.written;
    this.written = null;
    const bumped = await this.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL statement_timeout = 0`);
      const valid = await this.writtenStillStored(m, before);
      for (const { repo, facts } of byRepo) await replaceCommitFacts(m, repo, facts);
      const v = await bumpVersion(m);
      return { version: v, previous: (BigInt(v) - 1n).toString(), valid: valid !== null };
    });
    // the global facts did not change: what this process wrote is still stored, under the new version
    if (bumped.valid && before) this.written = { ...before, version: bumped.version };
    // nor did the deployments and incidents: the kept ones are still current under the new version
    if (this.inputs && this.inputs.version === bumped.previous) this.inputs = { ...this.inputs, version: bumped.version };
    else this.inputs = null;
  }

  async replace<T>(repos: string[], changeRepos: string[], sessionUnits: string[] | null, fn: (w: FactsWriter) => Promise<T>): Promise<T> {
    let next: WrittenGlobals | null = null;
    const result = await this.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL statement_timeout = 0`);
      const prior = await this.writtenStillStored(m, this.written);
      this.written = null; // until this transaction commits (a failure leaves it null: the next write is whole)
      for (const table of ['pr_facts', 'review_facts', 'commit_facts', 'pr_citations']) {
        await m.query(`DELETE FROM ${table} WHERE repo = ANY($1::text[])`, [repos]);
      }
      await m.query(`DELETE FROM change_facts WHERE repo = ANY($1::text[])`, [[...new Set([...repos, ...changeRepos])]]);
      // drift: the units of the recomputed repositories and the touched sessions (all of them on a full recompute)
      const unitWhere = sessionUnits === null ? 'TRUE' : `(repo = ANY($1::text[]) OR unit = ANY($2::text[]))`;
      const unitParams = sessionUnits === null ? [] : [repos, sessionUnits];
      await m.query(`DELETE FROM drift_signals WHERE episode_id IN (SELECT id FROM drift_episodes WHERE ${unitWhere})`, unitParams);
      await m.query(`DELETE FROM drift_episodes WHERE ${unitWhere}`, unitParams);
      await m.query(`DELETE FROM drift_units WHERE ${unitWhere}`, unitParams);
      const writeDrift = async (d: DriftFacts) => {
        await bulkInsert(m, 'drift_units', DRIFT_UNIT_COLS, d.units);
        await bulkInsert(m, 'drift_episodes', DRIFT_EPISODE_COLS, d.episodes);
        await bulkInsert(m, 'drift_signals', DRIFT_SIGNAL_COLS, d.signals);
      };
      const writer: FactsWriter = {
        storedShipping: async () => prior?.shipping ?? this.storedShipping(m),
        addCommits: (repo, facts) => replaceCommitFacts(m, repo, facts),
        addChanges: (changes) => bulkInsert(m, 'change_facts', CHANGE_COLS, changes),
        addRepo: async (f) => {
          await bulkInsert(m, 'pr_facts', PR_COLS, f.prs);
          await bulkInsert(m, 'review_facts', REVIEW_COLS, f.reviews);
          await bulkInsert(m, 'commit_facts', COMMIT_COLS, f.commits);
          await bulkInsert(m, 'pr_citations', CITATION_COLS, f.citations);
          await bulkInsert(m, 'change_facts', CHANGE_COLS, f.changes);
          await writeDrift(f.drift);
        },
        finish: async (f) => {
          for (const l of f.lateLinks) {
            await m.query(
              `UPDATE pr_facts SET incident_refs = (SELECT array_agg(DISTINCT x) FROM unnest(COALESCE(incident_refs, '{}') || $3::text[]) x)
               WHERE repo = $1 AND number = $2`,
              [l.repo, l.number, l.refs],
            );
          }
          await writeDrift(f.drift);
          const deployments = await writeGlobal(m, 'deployment_facts', 'deployment_id', DEPLOYMENT_COLS, f.deployments, prior?.deployments ?? null);
          const incidents = await writeGlobal(m, 'incident_facts', 'incident_id', INCIDENT_COLS, f.incidents, prior?.incidents ?? null);
          const v = await bumpVersion(m);
          const shipping: Shipping = new Map();
          for (const d of f.deployments) if (d.shippingRule !== null) shipping.set(d.deploymentId, { shipped: d.changesShipped, rule: d.shippingRule });
          next = { version: v, deployments: deployments.rows, incidents: incidents.rows, shipping };
          return { whole: prior === null, deploymentRows: deployments.written, incidentRows: incidents.written };
        },
      };
      return fn(writer);
    });
    this.written = next;
    // what this recompute read is what the database holds at the version it wrote
    if (this.reading && next) this.inputs = { ...this.reading, version: (next as WrittenGlobals).version };
    this.reading = null;
    return result;
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET statement_timeout = 0`); // wait for a concurrent recompute, however long
      await runner.query(`SELECT pg_advisory_lock(4217003)`);
      try {
        return await fn();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(4217003)`);
        await runner.query(`RESET statement_timeout`);
      }
    } finally {
      await runner.release();
    }
  }
}
