/** Fact rows as the metrics read them (local dates in the org time zone, computed by SQL). */

export interface DeploymentRow {
  id: string;
  service: string;
  repo: string | null;
  environment: string;
  sha: string | null;
  finishedAt: string;
  localDate: string;
  rollback: boolean;
  rollbackRule: string | null;
  failed: boolean;
  failureRules: string[] | null;
  failureStartedAt: string | null;
  recoveredAt: string | null;
  recoveryRule: string | null;
  rework: boolean;
  reworkRules: string[] | null;
  changesShipped: number;
  shippingRule: string | null;
  detail: Record<string, unknown> | null;
}

/** What deployment frequency, change failure rate and rework rate read of a deployment. */
export type DeploymentFacts = Pick<DeploymentRow, 'id' | 'localDate' | 'failed' | 'rework'>;

export interface RecoveryRow extends DeploymentRow {
  /** local date of recovery */
  recoveredLocalDate: string;
}

export interface ChangeRow {
  repo: string;
  changeKey: string;
  prNumber: number | null;
  deploymentId: string;
  service: string;
  author: string | null;
  agent: boolean;
  startedAt: string;
  openedAt: string | null;
  firstReviewAt: string | null;
  mergedAt: string | null;
  deployedAt: string;
  localDate: string;
  leadTimeS: number;
  codingS: number | null;
  pickupS: number | null;
  reviewS: number | null;
  deployS: number | null;
  rule: string;
}

/** What `lead_time_for_changes` reads of a shipped change (the drill-down shows the whole `ChangeRow`). */
export type ChangeFacts = Pick<ChangeRow, 'prNumber' | 'agent' | 'localDate' | 'leadTimeS' | 'codingS' | 'pickupS' | 'reviewS' | 'deployS'>;

export interface IncidentRow {
  id: string;
  service: string | null;
  squad: string | null;
  title: string;
  severity: string | null;
  openedAt: string;
  resolvedAt: string | null;
  openedLocalDate: string;
  resolvedLocalDate: string | null;
  openedOutOfHours: boolean;
  deploymentId: string | null;
  rule: string;
  detail: Record<string, unknown> | null;
}

export interface PrRow {
  repo: string;
  number: number;
  author: string;
  agent: boolean;
  bot: boolean;
  createdAt: string;
  localDate: string;
  firstReviewAt: string | null;
  firstReviewer: string | null;
}

export interface ReviewDayRow {
  reviewer: string;
  practiceLead: boolean;
  localDate: string;
  n: number;
}

export interface CommitDayRow {
  localDate: string;
  total: number;
  outOfHours: number;
}
