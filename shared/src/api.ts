/** Response shapes of the public API (`/api/v1`). Additive changes only. */
import type { DoraTier, MetricKey, MetricUnit } from './metrics.js';
import type { PersonKind, RecordType } from './records.js';

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface HealthResponse {
  status: 'ok' | 'unavailable';
}

export type ImportMode = 'strict' | 'lenient';

export interface ImportRejection {
  line: number;
  field: string;
  message: string;
}

export interface ImportResult {
  accepted: number;
  rejected: ImportRejection[];
  byType: Partial<Record<RecordType, number>>;
  /**
   * `current`: the metrics already reflect the import. `rebuilding`: a large import answered
   * once its rows were committed; its derived facts are being rebuilt (`GET /api/v1/metrics/status`).
   */
  facts: 'current' | 'rebuilding';
}

/** `GET /api/v1/metrics/status`: whether the derived facts behind the metrics are current. */
export interface FactsStatus {
  /** bumped by every rebuild of the derived facts */
  factsVersion: string;
  /** a large import's rebuild is queued or running */
  rebuilding: boolean;
  /** ISO instant the oldest pending rebuild was asked for, or null */
  pendingSince: string | null;
}

export type Interval = 'week' | 'month';

/** `org`, `group:<key>` or `squad:<key>` */
export type ScopeParam = string;

export interface SeriesPoint {
  /** first day of the bucket, YYYY-MM-DD in the org time zone */
  start: string;
  value: number | null;
  sampleSize: number;
}

export interface MetricTarget {
  /** e.g. '<' with 172800 for "lead time under 2 days" */
  op: '<' | '<=' | '>' | '>=';
  value: number;
  met: boolean | null;
}

export interface MetricValue {
  value: number | null;
  unit: MetricUnit;
  sampleSize: number;
  p90?: number | null;
  tier?: DoraTier | null;
  target?: MetricTarget | null;
  series: SeriesPoint[];
  /** metric-specific extras, e.g. deploymentDays and perWeek for deployment_frequency */
  [extra: string]: unknown;
}

export interface MetricsResponse {
  scope: ScopeParam;
  from: string;
  to: string;
  interval: Interval;
  timeZone: string;
  metrics: Partial<Record<MetricKey, MetricValue>>;
}

/**
 * `POST /api/v1/metrics/batch`: the metrics of several scopes for one period in one request
 * (the Director view's table). A JSON body rather than a query string: scope keys may hold
 * commas and run to 512 characters, so a long list does not fit a URL.
 */
export interface MetricsBatchRequest {
  /** `org`, `group:<key>` or `squad:<key>`, 1 to `MAX_METRICS_BATCH_SCOPES`; answered in this order */
  scopes: ScopeParam[];
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD, exclusive */
  to: string;
  /** `week` when omitted */
  interval?: Interval;
  /** the metrics to compute for every scope; all when omitted */
  metrics?: MetricKey[];
}

/** One `MetricsResponse` per requested scope, in the order of `scopes`. */
export interface MetricsBatchResponse {
  results: MetricsResponse[];
}

/** The most scopes one `POST /api/v1/metrics/batch` may name. */
export const MAX_METRICS_BATCH_SCOPES = 200;

export interface MetricEventsResponse<Row = Record<string, unknown>> {
  metric: MetricKey;
  scope: ScopeParam;
  from: string;
  to: string;
  rule: string;
  rows: Row[];
  nextCursor: string | null;
}

export interface RepositorySummary {
  key: string;
  url: string | null;
  defaultBranch: string | null;
  primary: boolean;
}

export interface ServiceSummary {
  key: string;
  name: string;
  primary: boolean;
}

export interface SquadSummary {
  key: string;
  name: string;
  group: string | null;
  repositories: RepositorySummary[];
  services: ServiceSummary[];
  people: number;
}

export interface GroupSummary {
  key: string;
  name: string;
  parent: string | null;
  squads: string[];
}

export interface SquadsResponse {
  squads: SquadSummary[];
}

export interface GroupsResponse {
  groups: GroupSummary[];
}

export interface OrgSettings {
  name: string;
  timeZone: string;
  productionPattern: string;
}

/** A pattern library entry (`GET /api/v1/patterns`). */
export interface PatternEntry {
  key: string;
  title: string;
  status: 'active' | 'retired';
  createdAt: string;
  updatedAt: string | null;
  retiredAt: string | null;
  replacedBy: string | null;
  migrationNote: string | null;
  path: string | null;
}

export interface PatternWithCitations extends PatternEntry {
  /** merged PRs of the scope, merged in the period, citing the pattern (any kind) */
  citations: number;
  /** of which cited it after its retirement */
  retiredCitations: number;
}

export interface PatternLibraryFreshness {
  /** seconds since the library last changed, at the period's end (or now when earlier); null = empty library */
  seconds: number | null;
  lastChangedAt: string | null;
  stale: boolean | null;
  incrementDays: number;
}

export interface PatternsResponse {
  scope: string;
  from: string;
  to: string;
  timeZone: string;
  patterns: PatternWithCitations[];
  /** pattern-shaped keys cited by merged PRs of the period but not in the library */
  unknownKeys: { key: string; citations: number }[];
  freshness: PatternLibraryFreshness;
}

export interface PatternChange {
  at: string;
  action: 'created' | 'edited' | 'retired';
  by: string | null;
  before: Partial<PatternEntry> | null;
  after: Partial<PatternEntry> | null;
}

export interface PatternHistoryResponse {
  key: string;
  changes: PatternChange[];
}

// ---------------------------------------------------------------------------------------------
// Drift (issue 5). `GET /api/v1/drift/episodes?scope&from&to&status=open|recovered|all&cursor&limit`

export type DriftSignalKind = 'repeated_failure' | 'out_of_scope' | 'retired_pattern' | 'unknown_pattern' | 'unreviewed_dependency' | 'flagged';
export type DriftRecovery = 'checks_passed' | 'session_stopped' | 'session_rebriefed' | 'session_ended' | 'label_removed' | 'pr_merged' | 'pr_closed';

export interface DriftSignal {
  kind: DriftSignalKind;
  /** ISO instant */
  at: string;
  /** why it fired, e.g. "ci / unit-tests failed 3 times in a row" or "touched payments/ledger.ts (owned by payments-core)" */
  detail: string;
  /** the event behind it: CI run id, commit sha, PR, session event id */
  ref: string | null;
}

export interface DriftEpisode {
  id: string;
  /** `session:<id>` or `pr:<repo>#<number>` */
  unit: string;
  unitKind: 'session' | 'pull_request';
  repo: string | null;
  pullRequest: number | null;
  sessionId: string | null;
  squad: string | null;
  /** agent-driven unit (agent session, or PR by an agent identity) */
  agent: boolean;
  startedAt: string;
  recoveredAt: string | null;
  recovery: DriftRecovery | null;
  /** seconds; null while open */
  durationSeconds: number | null;
  /** seconds open at the end of the requested period (open episodes only) */
  ageSeconds: number | null;
  status: 'open' | 'recovered';
  signals: DriftSignal[];
}

export interface DriftEpisodesResponse {
  scope: ScopeParam;
  from: string;
  to: string;
  rows: DriftEpisode[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------------------------
// Sources and sync runs (issue 4). Admin only: `GET/POST /api/v1/sources`, `GET/PATCH/DELETE
// /api/v1/sources/:id`, `POST /api/v1/sources/:id/sync`, `GET /api/v1/sources/:id/runs`, `GET /api/v1/sync-runs`.

export type SourceKindName = 'git' | 'github' | 'pagerduty' | 'cdevents';
export type SourceStatus = 'idle' | 'running' | 'ok' | 'failed' | 'disabled';

export interface SourceView {
  id: string;
  kind: SourceKindName;
  name: string;
  /** non-secret configuration */
  config: Record<string, unknown>;
  /** names of the secrets that are set (values are never returned) */
  secretsSet: string[];
  cron: string;
  enabled: boolean;
  status: SourceStatus;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  nextRunAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** the receiver URL path for webhook sources, e.g. /api/v1/webhooks/github?source=<id> */
  webhookPath: string | null;
  createdAt: string;
}

export interface SourceInput {
  kind: SourceKindName;
  name: string;
  config?: Record<string, unknown>;
  /** write-only; an empty string clears a secret */
  secrets?: Record<string, string>;
  cron?: string;
  enabled?: boolean;
}

export interface SyncRunView {
  id: string;
  sourceId: string;
  sourceName: string;
  trigger: 'schedule' | 'manual' | 'webhook' | 'retry';
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  cursorBefore: unknown;
  cursorAfter: unknown;
  recordsByType: Partial<Record<RecordType, number>>;
  error: string | null;
  /** problems that did not fail the run, e.g. a pattern file with bad front matter (additive, issue 4) */
  warnings?: SyncRunWarning[];
}

export interface SyncRunWarning {
  message: string;
  /** the file at fault (git: a pattern file), when there is one */
  file?: string;
  field?: string;
}

export interface SyncRunsResponse {
  rows: SyncRunView[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------------------------
// Monthly reviews (issue 8). `GET /api/v1/reports`, `POST /api/v1/reports {month, scope}`,
// `GET /api/v1/reports/:id`, `GET /api/v1/reports/:id.pdf`, `GET /api/v1/reports/:id.csv`.

export interface ReportView {
  id: string;
  /** YYYY-MM */
  month: string;
  scope: ScopeParam;
  scopeName: string;
  status: 'pending' | 'running' | 'ready' | 'failed';
  trigger: 'schedule' | 'manual';
  generatedAt: string | null;
  error: string | null;
  pdfBytes: number | null;
  csvBytes: number | null;
  /** metric definitions' version the numbers were computed with */
  definitionsVersion: string;
}

export interface ReportsResponse {
  rows: ReportView[];
}

export interface ReportRequest {
  month: string;
  scope: ScopeParam;
}

// ---------------------------------------------------------------------------------------------
// People and their identities (issue 7, Admin). `GET /api/v1/people?query&limit&cursor` (admin,
// practice_lead, vp); `POST /api/v1/people/:key/merge {"into"}` (admin).

export interface PersonView {
  key: string;
  name: string;
  kind: PersonKind;
  emails: string[];
  /**
   * accounts by source: `{github: 'octocat', pagerduty: 'PXYZ'}`; a person with several accounts
   * of one source (after a merge) has them under `github`, `github:2`, …
   */
  logins: Record<string, string>;
  squads: string[];
  roles: string[];
}

export interface PeopleResponse {
  rows: PersonView[];
  nextCursor: string | null;
}

export interface MergePeopleRequest {
  /** the surviving person's key */
  into: string;
}

export interface MergePeopleResponse {
  /** the surviving person, with the merged identities */
  person: PersonView;
  /** the key that no longer exists */
  merged: string;
  /** rows re-pointed from the merged key, by table (e.g. `{"reviews": 3}`) */
  moved: Record<string, number>;
}
