import type { CsvColumn } from '../../lib/csv';
import { formatDateTime, formatDuration, formatNumber, formatPercent, humanizeKey } from '../../lib/format';
import { eventCellCsv, eventColumns, flattenEventRow, formatEventCell, type EventRow } from '../events/eventCells';

/** One cell of a drill-down row: text, and a link out to the source when its URL is known. */
export interface DrillCell {
  text: string;
  href?: string;
  title?: string;
  /** shown in a monospace font (ids, SHAs) */
  code?: boolean;
  /** a short label after the text, e.g. "agent" */
  tag?: string;
}

export interface DrillColumn {
  id: string;
  header: string;
  numeric?: boolean;
  /** long text (titles, reasons, rules) that may wrap; other cells stay on one line */
  wrap?: boolean;
  cell: (row: EventRow) => DrillCell;
  /** the raw value for CSV (ISO timestamps, seconds, ids) */
  csv: (row: EventRow) => string | number | boolean | null;
}

export interface DrillContext {
  timeZone: string;
  /** the web URL of a repository (`acme/payments-api`), when the org knows it */
  repoUrl: (repo: string) => string | null;
}

const DASH: DrillCell = { text: '—' };

/** A value at a dotted path: `get(row, 'deployment.finishedAt')`. */
export function get(row: EventRow, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const str = (row: EventRow, path: string): string | null => {
  const value = get(row, path);
  return typeof value === 'string' && value !== '' ? value : null;
};
const num = (row: EventRow, path: string): number | null => {
  const value = get(row, path);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};
const bool = (row: EventRow, path: string): boolean | null => {
  const value = get(row, path);
  return typeof value === 'boolean' ? value : null;
};

/** Links only to http(s) pages; on GitHub the PR and commit pages are known. */
function githubBase(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return /(^|\.)github\./.test(parsed.hostname) ? parsed.href.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

export function pullRequestUrl(repoUrl: string | null, number: number): string | null {
  const base = githubBase(repoUrl);
  return base ? `${base}/pull/${number}` : null;
}

export function commitUrl(repoUrl: string | null, sha: string): string | null {
  const base = githubBase(repoUrl);
  return base && /^[0-9a-f]{7,64}$/i.test(sha) ? `${base}/commit/${sha}` : null;
}

/** Human words for the server's rule keys; unknown keys read as their humanised key. */
const RULE_TEXT: Record<string, string> = {
  'successful-production-deployment': 'Successful production deployment',
  'git-ancestry': 'In git history since the previous deployment',
  'merged-pr-window': 'Merged between deployments (no git history)',
  baseline: 'Baseline: first known deployment, ships nothing',
  'not-failed': 'Not failed',
  incident: 'Incident attributed',
  'rollback-followed': 'Rolled back afterwards',
  'explicit-flag': 'Marked failed by the source',
  'incidents-resolved': 'Recovered when its incidents were resolved',
  'incidents-open': 'Incidents still open',
  'rollback-finished': 'Recovered by a rollback',
  'next-deployment-finished': 'Recovered by the next deployment',
  'not-yet-recovered': 'Not recovered yet',
  'explicit-deployment': 'Explicit: the incident names the deployment',
  'explicit-sha': 'Explicit: the incident names the commit',
  'explicit-pr': 'Explicit: the incident names the PR',
  'heuristic-window': 'Heuristic: last deployment within the window',
  'not-change-related': 'Not change-related',
  planned: 'Planned',
  rollback: 'Rollback',
  flagged: 'Flagged as a rollback by the source',
  'older-sha': 'Redeploys an older version',
  'hotfix-label': 'Ships a hotfix-labelled PR',
  'incident-linked-pr': 'Ships an incident-linked PR',
  'during-open-incident': 'Finished while an incident was open',
  'first-non-author-non-bot-review': 'First review by someone other than the author',
  'excluded-no-review': 'Left out: no review yet',
  'excluded-bot-pr': 'Left out: a bot’s PR',
  'within-working-hours': 'Within working hours',
  'outside-working-hours': 'Outside working hours',
  'opened-out-of-hours': 'Opened outside working hours',
  'opened-in-hours': 'Opened in working hours',
};

/** Human words for a rule key (or several joined by "+"), e.g. "rollback+hotfix-label". */
export function ruleText(rule: string | null): string {
  if (!rule) return '—';
  return rule
    .split('+')
    .map((part) => RULE_TEXT[part] ?? humanizeKey(part))
    .join('; ');
}

/** "12 h 32 m after the deployment (window 1 d)" or "no service" for an attribution. */
export function attributionDetail(row: EventRow): string | null {
  const reason = str(row, 'detail.reason');
  const gap = num(row, 'detail.gapS');
  const window = num(row, 'detail.windowS');
  const latest = str(row, 'detail.latestDeployment');
  const timing =
    gap === null
      ? null
      : `opened ${formatDuration(gap)} after ${latest ?? 'the deployment'}${window !== null ? ` (window ${formatDuration(window)})` : ''}`;
  if (reason && timing) return `${reason}: ${timing}`;
  return reason ?? timing;
}

function timeColumn(id: string, header: string, path: string, ctx: DrillContext): DrillColumn {
  return {
    id,
    header,
    cell: (row) => {
      const value = str(row, path);
      return value ? { text: formatDateTime(value, ctx.timeZone), title: value } : DASH;
    },
    csv: (row) => str(row, path),
  };
}

function durationColumn(id: string, header: string, path: string): DrillColumn {
  return {
    id,
    header,
    numeric: true,
    cell: (row) => {
      const value = num(row, path);
      return value === null ? DASH : { text: formatDuration(value), title: `${value} s` };
    },
    csv: (row) => num(row, path),
  };
}

function textColumn(id: string, header: string, path: string, options: { code?: boolean } = {}): DrillColumn {
  return {
    id,
    header,
    cell: (row) => {
      const value = get(row, path);
      if (value === null || value === undefined || value === '') return DASH;
      return { text: String(value), code: options.code };
    },
    csv: (row) => eventCellCsv(get(row, path)),
  };
}

function yesNoColumn(id: string, header: string, path: string, extraPath?: string): DrillColumn {
  return {
    id,
    header,
    cell: (row) => {
      const value = bool(row, path);
      if (value === null) return DASH;
      const extra = extraPath ? str(row, extraPath) : null;
      return { text: value ? 'Yes' : 'No', tag: value && extra ? ruleText(extra) : undefined };
    },
    csv: (row) => bool(row, path),
  };
}

function ruleColumn(path = 'rule', header = 'Rule'): DrillColumn {
  return {
    id: `rule:${path}`,
    header,
    wrap: true,
    cell: (row) => {
      const rule = str(row, path);
      return rule ? { text: ruleText(rule), title: rule } : DASH;
    },
    csv: (row) => str(row, path),
  };
}

function commitColumn(header: string, repoPath: string, shaPath: string, ctx: DrillContext): DrillColumn {
  return {
    id: `commit:${shaPath}`,
    header,
    cell: (row) => {
      const sha = str(row, shaPath);
      if (!sha) return DASH;
      const repo = str(row, repoPath);
      const href = repo ? commitUrl(ctx.repoUrl(repo), sha) : null;
      return { text: sha.slice(0, 8), title: sha, code: true, href: href ?? undefined };
    },
    csv: (row) => str(row, shaPath),
  };
}

function listColumn(id: string, header: string, path: string): DrillColumn {
  return {
    id,
    header,
    cell: (row) => {
      const value = get(row, path);
      if (Array.isArray(value)) return value.length ? { text: value.map(String).join(', '), code: true } : DASH;
      if (typeof value === 'string' && value) return { text: value, code: true };
      return DASH;
    },
    csv: (row) => eventCellCsv(get(row, path)),
  };
}

function deploymentColumns(ctx: DrillContext): DrillColumn[] {
  return [
    timeColumn('finished', 'Finished', 'deployment.finishedAt', ctx),
    textColumn('service', 'Service', 'deployment.service'),
    textColumn('deployment', 'Deployment', 'deployment.id', { code: true }),
    commitColumn('Commit', 'deployment.repo', 'deployment.sha', ctx),
    {
      id: 'changes',
      header: 'Changes shipped',
      numeric: true,
      cell: (row) => {
        const value = num(row, 'deployment.changesShipped');
        return value === null ? DASH : { text: formatNumber(value, 0), title: ruleText(str(row, 'deployment.shippingRule')) };
      },
      csv: (row) => num(row, 'deployment.changesShipped'),
    },
    yesNoColumn('rollback', 'Rollback', 'deployment.rollback', 'deployment.rollbackRule'),
  ];
}

function incidentColumns(ctx: DrillContext): DrillColumn[] {
  return [
    timeColumn('opened', 'Opened', 'incident.openedAt', ctx),
    {
      id: 'incident',
      header: 'Incident',
      wrap: true,
      cell: (row) => {
        const title = str(row, 'incident.title');
        const id = str(row, 'incident.id');
        return title ? { text: title, title: id ?? undefined } : id ? { text: id, code: true } : DASH;
      },
      csv: (row) => str(row, 'incident.id'),
    },
    {
      id: 'incident-title',
      header: 'Title',
      cell: (row) => ({ text: str(row, 'incident.title') ?? '—' }),
      csv: (row) => str(row, 'incident.title'),
    },
    textColumn('severity', 'Severity', 'incident.severity'),
    {
      id: 'where',
      header: 'Service',
      cell: (row) => {
        const service = str(row, 'incident.service');
        const squad = str(row, 'incident.squad');
        return service ? { text: service } : squad ? { text: `squad ${squad}` } : DASH;
      },
      csv: (row) => str(row, 'incident.service') ?? str(row, 'incident.squad'),
    },
    timeColumn('resolved', 'Resolved', 'incident.resolvedAt', ctx),
  ];
}

/** The incident table's own columns (the `incident-title` column is only for CSV). */
const CSV_ONLY = new Set(['incident-title']);

function attributionColumns(): DrillColumn[] {
  return [
    textColumn('attributed', 'Attributed to', 'attributedTo', { code: true }),
    ruleColumn('attributionRule', 'Attribution rule'),
    {
      id: 'why',
      header: 'Why',
      wrap: true,
      cell: (row) => {
        const detail = attributionDetail(row);
        return detail ? { text: detail } : DASH;
      },
      csv: (row) => attributionDetail(row),
    },
  ];
}

function changeColumn(ctx: DrillContext): DrillColumn {
  return {
    id: 'change',
    header: 'Change',
    cell: (row) => {
      const repo = str(row, 'change.repo');
      const pr = num(row, 'change.pr');
      if (pr !== null) {
        const href = repo ? pullRequestUrl(ctx.repoUrl(repo), pr) : null;
        return { text: `${repo ?? ''}#${pr}`, href: href ?? undefined, tag: bool(row, 'change.agent') ? 'agent' : undefined };
      }
      const key = str(row, 'change.key');
      const sha = key?.startsWith('commit:') ? key.slice('commit:'.length) : null;
      if (sha) {
        const href = repo ? commitUrl(ctx.repoUrl(repo), sha) : null;
        return { text: `${repo ?? ''}@${sha.slice(0, 8)}`, title: sha, code: true, href: href ?? undefined };
      }
      return key ? { text: key, code: true } : DASH;
    },
    csv: (row) => {
      const repo = str(row, 'change.repo');
      const pr = num(row, 'change.pr');
      return pr !== null ? `${repo}#${pr}` : str(row, 'change.key');
    },
  };
}

function pullRequestColumn(ctx: DrillContext): DrillColumn {
  return {
    id: 'pr',
    header: 'Pull request',
    cell: (row) => {
      const repo = str(row, 'pullRequest.repo');
      const number = num(row, 'pullRequest.number');
      if (number === null) return DASH;
      const href = repo ? pullRequestUrl(ctx.repoUrl(repo), number) : null;
      return {
        text: `${repo ?? ''}#${number}`,
        href: href ?? undefined,
        tag: bool(row, 'pullRequest.agent') ? 'agent' : undefined,
      };
    },
    csv: (row) => `${str(row, 'pullRequest.repo') ?? ''}#${num(row, 'pullRequest.number') ?? ''}`,
  };
}

/**
 * The columns of each metric's drill-down, chosen for what the rows mean; a metric not
 * listed falls back to one column per field.
 */
export function drillColumnsFor(metric: string, ctx: DrillContext): DrillColumn[] | null {
  switch (metric) {
    case 'deployment_frequency':
      return [...deploymentColumns(ctx), ruleColumn()];
    case 'change_failure_rate':
      return [
        ...deploymentColumns(ctx),
        yesNoColumn('failed', 'Failed', 'failed'),
        listColumn('incidents', 'Incidents', 'incidents'),
        textColumn('rolled-back-by', 'Rolled back by', 'rolledBackBy', { code: true }),
        ruleColumn(),
      ];
    case 'deployment_rework_rate':
      return [
        ...deploymentColumns(ctx),
        yesNoColumn('rework', 'Rework', 'rework'),
        ruleColumn(),
        {
          id: 'detail',
          header: 'Detail',
          wrap: true,
          cell: (row) => {
            const detail = get(row, 'detail');
            return detail ? formatEventCell(detail, 'detail', ctx.timeZone) : DASH;
          },
          csv: (row) => eventCellCsv(get(row, 'detail')),
        },
      ];
    case 'lead_time_for_changes':
      return [
        timeColumn('deployed', 'Deployed', 'deployedAt', ctx),
        changeColumn(ctx),
        textColumn('author', 'Author', 'change.author'),
        durationColumn('lead-time', 'Lead time', 'leadTimeS'),
        durationColumn('coding', 'Coding', 'stages.codingS'),
        durationColumn('pickup', 'Pickup', 'stages.pickupS'),
        durationColumn('review', 'Review', 'stages.reviewS'),
        durationColumn('deploy', 'Deploy', 'stages.deployS'),
        textColumn('deployment', 'Deployment', 'deploymentId', { code: true }),
        ruleColumn(),
      ];
    case 'failed_deployment_recovery_time':
      return [
        timeColumn('recovered', 'Recovered', 'recoveredAt', ctx),
        textColumn('deployment', 'Deployment', 'deployment.id', { code: true }),
        textColumn('service', 'Service', 'deployment.service'),
        timeColumn('failure', 'Failure started', 'failureStartedAt', ctx),
        durationColumn('duration', 'Recovery time', 'durationS'),
        {
          id: 'failure-rules',
          header: 'Why it failed',
          wrap: true,
          cell: (row) => {
            const rules = get(row, 'failureRules');
            return Array.isArray(rules) && rules.length
              ? { text: rules.map((r) => ruleText(String(r))).join('; ') }
              : DASH;
          },
          csv: (row) => eventCellCsv(get(row, 'failureRules')),
        },
        listColumn('incidents', 'Incidents', 'detail.incidents'),
        textColumn('rolled-back-by', 'Rolled back by', 'detail.rolledBackBy', { code: true }),
        ruleColumn(),
      ];
    case 'time_to_restore':
      return [
        ...incidentColumns(ctx),
        durationColumn('duration', 'Time to restore', 'durationS'),
        textColumn('attributed', 'Attributed to', 'attributedTo', { code: true }),
        ruleColumn('rule', 'Attribution rule'),
      ];
    case 'incident_count':
      return [...incidentColumns(ctx), ...attributionColumns()];
    case 'on_call_load':
      return [...incidentColumns(ctx), ruleColumn('rule', 'When'), ...attributionColumns()];
    case 'review_pickup_time':
      return [
        timeColumn('opened', 'Opened', 'pullRequest.createdAt', ctx),
        pullRequestColumn(ctx),
        textColumn('author', 'Author', 'pullRequest.author'),
        timeColumn('first-review', 'First review', 'firstReviewAt', ctx),
        textColumn('reviewer', 'First reviewer', 'firstReviewer'),
        durationColumn('pickup', 'Pickup time', 'pickupS'),
        ruleColumn(),
      ];
    case 'out_of_hours_commit_rate':
      return [
        timeColumn('authored', 'Authored', 'commit.authoredAt', ctx),
        commitColumn('Commit', 'commit.repo', 'commit.sha', ctx),
        textColumn('repo', 'Repository', 'commit.repo'),
        textColumn('author', 'Author', 'commit.author'),
        textColumn('zone', 'Author’s time zone', 'commit.timeZone'),
        yesNoColumn('out-of-hours', 'Out of hours', 'commit.outOfHours'),
        ruleColumn(),
      ];
    case 'review_concentration':
      return [
        textColumn('reviewer', 'Reviewer', 'reviewer'),
        {
          id: 'reviews',
          header: 'Reviews',
          numeric: true,
          cell: (row) => ({ text: formatNumber(num(row, 'reviews'), 0) }),
          csv: (row) => num(row, 'reviews'),
        },
        {
          id: 'share',
          header: 'Share',
          numeric: true,
          cell: (row) => ({ text: formatPercent(num(row, 'share')) }),
          csv: (row) => num(row, 'share'),
        },
        yesNoColumn('practice-lead', 'Practice lead', 'practiceLead'),
        ruleColumn(),
      ];
    default:
      return null;
  }
}

/** Columns shown on screen (some exist only in the CSV). */
export function visibleColumns(columns: readonly DrillColumn[]): DrillColumn[] {
  return columns.filter((column) => !CSV_ONLY.has(column.id));
}

/** One column per field, for a metric without chosen columns. */
export function genericColumns(rows: readonly EventRow[], ctx: DrillContext): DrillColumn[] {
  const flat = rows.map(flattenEventRow);
  return eventColumns(flat).map((column) => ({
    id: column.key,
    header: column.header,
    cell: (row) => formatEventCell(flattenEventRow(row)[column.key], column.key, ctx.timeZone),
    csv: (row) => eventCellCsv(flattenEventRow(row)[column.key]),
  }));
}

/** "Attribution rule" → "attribution_rule" */
export function csvHeader(header: string): string {
  return (
    header
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'value'
  );
}

export function drillCsvColumns(columns: readonly DrillColumn[]): CsvColumn<EventRow>[] {
  return columns.map((column) => ({ header: csvHeader(column.header), value: column.csv }));
}
