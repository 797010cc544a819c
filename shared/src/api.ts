/** Response shapes of the public API (`/api/v1`). Additive changes only. */
import type { DoraTier, MetricKey, MetricUnit } from './metrics.js';
import type { RecordType } from './records.js';

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
