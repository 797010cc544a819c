import type {
  DoraTier,
  GroupSummary,
  MetricTarget,
  MetricValue,
  MetricsResponse,
  ScopeParam,
  SquadSummary,
} from '@bearing/shared';
import type { CsvColumn } from '../../lib/csv';
import { descendantGroupKeys, groupScope, parseScope, squadScope } from '../org/scope';
import { computeDelta, type Delta, type Period } from './delta';
import { HEADLINE_KEYS, METRIC_DEFS, type HeadlineKey, type KnownMetricKey, type MetricDef } from './metricDefs';
import { readTarget, readTier, readTierEdges, type TierEdges } from './tiers';

/** One metric of one scope: this period's number, the previous period's, and its marks. */
export interface MetricCell {
  metric: KnownMetricKey;
  value: number | null;
  previous: number | null;
  /** false while the previous period is loading (or failed): no delta yet */
  previousKnown: boolean;
  delta: Delta;
  sampleSize: number;
  tier: DoraTier | null;
  tierEdges: TierEdges | null;
  target: MetricTarget | null;
}

export function toMetricCell(
  def: MetricDef,
  current: MetricValue | undefined,
  previous: MetricValue | undefined,
  previousKnown: boolean,
): MetricCell {
  const value = current ? def.read(current) : null;
  const before = previous ? def.read(previous) : null;
  return {
    metric: def.key as KnownMetricKey,
    value,
    previous: before,
    previousKnown,
    delta: computeDelta(value, previousKnown ? before : null, def.better, def.sameWithin),
    sampleSize: typeof current?.sampleSize === 'number' ? current.sampleSize : 0,
    tier: readTier(current),
    tierEdges: readTierEdges(current),
    target: readTarget(current),
  };
}

export interface ScopeMetrics {
  current?: MetricsResponse;
  previous?: MetricsResponse;
  /** the previous period has answered (with data or without) */
  previousKnown: boolean;
}

export type RowKind = 'org' | 'group' | 'squad';

export interface HealthRow {
  scope: ScopeParam;
  kind: RowKind;
  key: string;
  name: string;
  /** nesting of groups (0 = top level); squads sit one below their group */
  depth: number;
  cells: Record<HeadlineKey, MetricCell>;
}

/** A group with its roll-up row (from `scope=group:<key>`) and its squads. */
export interface HealthSection {
  id: string;
  rollup: HealthRow | null;
  squads: HealthRow[];
}

export interface HealthTable {
  sections: HealthSection[];
  /** the org row (org scope only) */
  total: HealthRow | null;
}

/** The table's shape before any numbers: which groups, squads and scopes it shows. */
export interface HealthLayout {
  sections: Array<{
    group: { key: string; name: string; depth: number } | null;
    squads: SquadSummary[];
  }>;
  total: { name: string } | null;
}

function groupsInTreeOrder(groups: readonly GroupSummary[], keys: Set<string>): Array<GroupSummary & { depth: number }> {
  const byParent = new Map<string | null, GroupSummary[]>();
  for (const group of groups) {
    if (!keys.has(group.key)) continue;
    const parent = group.parent && keys.has(group.parent) ? group.parent : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), group]);
  }
  const ordered: Array<GroupSummary & { depth: number }> = [];
  const visit = (parent: string | null, depth: number) => {
    const children = [...(byParent.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) {
      ordered.push({ ...child, depth });
      visit(child.key, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

/**
 * Which rows the table has for a scope. Org: every group (in tree order) with its roll-up
 * and its own squads, squads in no group last, and an org total. Group: that group and
 * its sub-groups. Squad: that squad alone.
 */
export function healthLayout(
  scope: ScopeParam,
  squads: readonly SquadSummary[],
  groups: readonly GroupSummary[],
  orgName: string,
): HealthLayout {
  const parsed = parseScope(scope);
  if (!parsed) return { sections: [], total: null };
  if (parsed.kind === 'squad') {
    return { sections: [{ group: null, squads: squads.filter((s) => s.key === parsed.key) }], total: null };
  }
  const keys =
    parsed.kind === 'org' ? new Set(groups.map((g) => g.key)) : descendantGroupKeys(parsed.key, groups);
  const ordered = groupsInTreeOrder(groups, keys);
  const placed = new Set<string>();
  const sections: HealthLayout['sections'] = ordered.map((group) => {
    const own = squads
      .filter((squad) => !placed.has(squad.key) && (squad.group === group.key || group.squads.includes(squad.key)))
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const squad of own) placed.add(squad.key);
    return { group: { key: group.key, name: group.name, depth: group.depth }, squads: own };
  });
  if (parsed.kind === 'org') {
    const rest = squads.filter((s) => !placed.has(s.key)).sort((a, b) => a.name.localeCompare(b.name));
    if (rest.length > 0) sections.push({ group: null, squads: rest });
    return { sections, total: { name: orgName } };
  }
  return { sections, total: null };
}

/** Every scope the table needs numbers for (one metrics request per scope and period). */
export function layoutScopes(layout: HealthLayout): ScopeParam[] {
  const scopes: ScopeParam[] = [];
  for (const section of layout.sections) {
    if (section.group) scopes.push(groupScope(section.group.key));
    for (const squad of section.squads) scopes.push(squadScope(squad.key));
  }
  if (layout.total) scopes.push('org');
  return scopes;
}

function toRow(
  scope: ScopeParam,
  kind: RowKind,
  key: string,
  name: string,
  depth: number,
  data: ScopeMetrics | undefined,
): HealthRow {
  const cells = {} as Record<HeadlineKey, MetricCell>;
  for (const metric of HEADLINE_KEYS) {
    cells[metric] = toMetricCell(
      METRIC_DEFS[metric],
      data?.current?.metrics[metric],
      data?.previous?.metrics[metric],
      data?.previousKnown ?? false,
    );
  }
  return { scope, kind, key, name, depth, cells };
}

/** The rows with their numbers; `lookup` gives each scope's responses (never averaged here). */
export function toHealthTable(
  layout: HealthLayout,
  lookup: (scope: ScopeParam) => ScopeMetrics | undefined,
): HealthTable {
  const sections = layout.sections.map((section, index): HealthSection => {
    const groupDepth = section.group?.depth ?? 0;
    return {
      id: section.group ? `group:${section.group.key}` : `ungrouped-${index}`,
      rollup: section.group
        ? toRow(
            groupScope(section.group.key),
            'group',
            section.group.key,
            section.group.name,
            groupDepth,
            lookup(groupScope(section.group.key)),
          )
        : null,
      squads: section.squads.map((squad) =>
        toRow(
          squadScope(squad.key),
          'squad',
          squad.key,
          squad.name,
          section.group ? groupDepth + 1 : 0,
          lookup(squadScope(squad.key)),
        ),
      ),
    };
  });
  const total = layout.total ? toRow('org', 'org', 'org', layout.total.name, 0, lookup('org')) : null;
  return { sections, total };
}

export type SortKey = 'name' | HeadlineKey;
export type SortDirection = 'asc' | 'desc';

export interface SortState {
  key: SortKey;
  dir: SortDirection;
}

export const DEFAULT_SORT: SortState = { key: 'name', dir: 'asc' };

/** `name`, `lead_time_for_changes`, … with `:asc`/`:desc`; anything else is the default. */
export function parseSort(value: string | null): SortState {
  if (!value) return DEFAULT_SORT;
  const [key, dir] = value.split(':');
  const validKey = key === 'name' || (HEADLINE_KEYS as readonly string[]).includes(key);
  if (!validKey || (dir !== 'asc' && dir !== 'desc')) return DEFAULT_SORT;
  return { key: key as SortKey, dir };
}

export function formatSort(sort: SortState): string {
  return `${sort.key}:${sort.dir}`;
}

/** Clicking a header: a new column sorts ascending, the same column flips. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key !== key) return { key, dir: 'asc' };
  return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}

function compareRows(sort: SortState) {
  return (a: HealthRow, b: HealthRow): number => {
    const byName = a.name.localeCompare(b.name);
    if (sort.key === 'name') return sort.dir === 'asc' ? byName : -byName;
    const x = a.cells[sort.key].value;
    const y = b.cells[sort.key].value;
    // rows without data go last whichever the direction
    if (x === null && y === null) return byName;
    if (x === null) return 1;
    if (y === null) return -1;
    if (x === y) return byName;
    return sort.dir === 'asc' ? x - y : y - x;
  };
}

/**
 * Sorts squads within their group, and groups by their roll-up value (by name: groups keep
 * their tree order). Sections without a roll-up stay last. The org total stays at the foot.
 */
export function sortHealthTable(table: HealthTable, sort: SortState): HealthTable {
  const compare = compareRows(sort);
  const sections = table.sections.map((section) => ({ ...section, squads: [...section.squads].sort(compare) }));
  if (sort.key !== 'name') {
    const withRollup = sections.filter((s) => s.rollup);
    const without = sections.filter((s) => !s.rollup);
    withRollup.sort((a, b) => compare(a.rollup!, b.rollup!));
    return { sections: [...withRollup, ...without], total: table.total };
  }
  return { sections, total: table.total };
}

/** The rows in display order (roll-ups before their squads, the total last), e.g. for CSV. */
export function flattenHealthTable(table: HealthTable): HealthRow[] {
  const rows: HealthRow[] = [];
  for (const section of table.sections) {
    if (section.rollup) rows.push(section.rollup);
    rows.push(...section.squads);
  }
  if (table.total) rows.push(table.total);
  return rows;
}

const CSV_VALUE_HEADERS: Record<HeadlineKey, string> = {
  deployment_frequency: 'deployments_per_week',
  lead_time_for_changes: 'lead_time_median_s',
  change_failure_rate: 'change_failure_rate',
  failed_deployment_recovery_time: 'failed_deployment_recovery_median_s',
  time_to_restore: 'time_to_restore_median_s',
  deployment_rework_rate: 'deployment_rework_rate',
  drift_recovery_time: 'drift_recovery_median_s',
  pattern_citation_rate: 'pattern_citation_rate',
};

const round = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * CSV columns of the squads table: raw numbers (seconds, ratios 0..1, deployments per
 * week), the previous period's, the change, the tier and the target, with both periods
 * repeated on every row so the file stands alone.
 */
export function healthCsvColumns(period: Period, previous: Period): CsvColumn<HealthRow>[] {
  const columns: CsvColumn<HealthRow>[] = [
    { header: 'kind', value: (row) => row.kind },
    { header: 'scope', value: (row) => row.scope },
    { header: 'name', value: (row) => row.name },
    { header: 'from', value: () => period.from },
    { header: 'to_exclusive', value: () => period.to },
    { header: 'previous_from', value: () => previous.from },
    { header: 'previous_to_exclusive', value: () => previous.to },
  ];
  for (const key of HEADLINE_KEYS) {
    const base = CSV_VALUE_HEADERS[key];
    const digits = METRIC_DEFS[key].unit === 'seconds' ? 0 : 4;
    columns.push(
      { header: base, value: (row) => round(row.cells[key].value, digits) },
      { header: `${base}_previous`, value: (row) => round(row.cells[key].previous, digits) },
      { header: `${base}_change`, value: (row) => round(row.cells[key].delta.change, digits) },
      { header: `${key}_change_verdict`, value: (row) => row.cells[key].delta.verdict },
      { header: `${key}_sample_size`, value: (row) => row.cells[key].sampleSize },
      { header: `${key}_tier`, value: (row) => row.cells[key].tier },
      {
        header: `${key}_target`,
        value: (row) => {
          const target = row.cells[key].target;
          return target ? `${target.op} ${target.value}` : null;
        },
      },
      {
        header: `${key}_target_met`,
        value: (row) => {
          const target = row.cells[key].target;
          return target ? target.met : null;
        },
      },
    );
  }
  return columns;
}
