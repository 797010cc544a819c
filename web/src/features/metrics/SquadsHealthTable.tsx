import type { ScopeParam } from '@bearing/shared';
import { useId, type ReactNode } from 'react';
import { Link, type To } from 'react-router';
import { DeltaBadge } from './DeltaBadge';
import type { HealthRow, HealthTable, SortKey, SortState } from './healthTable';
import { HEADLINE_KEYS, METRIC_DEFS, formatMetricValue, type HeadlineKey } from './metricDefs';
import { TargetMark } from './TargetMark';
import { TierBadge } from './TierBadge';

export interface SquadsHealthTableProps {
  table: HealthTable;
  caption: string;
  sort: SortState;
  onSort: (key: SortKey) => void;
  /** the previous period is still loading */
  previousPending: boolean;
  squadLink: (squadKey: string) => To;
  groupLink: (groupKey: string) => To;
  onOpen: (metric: HeadlineKey, scope: ScopeParam, rowName: string) => void;
}

const UNIT_SUB = { seconds: 'median', ratio: 'rate', perWeek: 'per week', count: 'count' } as const;

function ariaSort(sort: SortState, key: SortKey): 'ascending' | 'descending' | undefined {
  if (sort.key !== key) return undefined;
  return sort.dir === 'asc' ? 'ascending' : 'descending';
}

function SortButton({ sort, sortKey, onSort, children }: {
  sort: SortState;
  sortKey: SortKey;
  onSort: (key: SortKey) => void;
  children: ReactNode;
}) {
  const active = sort.key === sortKey;
  return (
    <button type="button" className="sort-button" onClick={() => onSort(sortKey)}>
      <span className="sort-button__label">{children}</span>
      <span className="sort-button__icon" aria-hidden="true">
        {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
      </span>
    </button>
  );
}

function RowHeader({ row, squadLink, groupLink }: {
  row: HealthRow;
  squadLink: (key: string) => To;
  groupLink: (key: string) => To;
}) {
  const indent = { paddingLeft: `${12 + row.depth * 16}px` };
  if (row.kind === 'squad') {
    return (
      <th scope="row" style={indent}>
        <Link to={squadLink(row.key)}>{row.name}</Link>
      </th>
    );
  }
  if (row.kind === 'group') {
    return (
      <th scope="row" style={indent}>
        <Link to={groupLink(row.key)}>{row.name}</Link>
        <span className="row-kind">group roll-up</span>
      </th>
    );
  }
  return (
    <th scope="row">
      {row.name}
      <span className="row-kind">whole organisation</span>
    </th>
  );
}

function MetricCellView({ row, metric, previousPending, onOpen }: {
  row: HealthRow;
  metric: HeadlineKey;
  previousPending: boolean;
  onOpen: SquadsHealthTableProps['onOpen'];
}) {
  const def = METRIC_DEFS[metric];
  const cell = row.cells[metric];
  const tierId = useId();
  const text = formatMetricValue(def, cell.value, { compact: true });
  const full = formatMetricValue(def, cell.value);
  return (
    <td className="metric-cell" data-metric={metric}>
      <div className="metric-cell__main">
        <button
          type="button"
          className="metric-value"
          onClick={() => onOpen(metric, row.scope, row.name)}
          aria-label={`${text}: ${def.label}${full !== text ? ` (${full})` : ''}, ${row.name}. Show the ${def.eventsNoun} behind it`}
          title={`${def.label} (${def.statistic}) from ${cell.sampleSize} ${def.eventsNoun}: show them`}
          aria-describedby={cell.tierEdges ? tierId : undefined}
        >
          {text}
        </button>
        {cell.tierEdges ? (
          <TierBadge label={def.label} tier={cell.tier} edges={cell.tierEdges} descriptionId={tierId} />
        ) : null}
      </div>
      <div className="metric-cell__meta">
        <DeltaBadge def={def} delta={cell.delta} pending={previousPending && !cell.previousKnown} compact />
      </div>
      {cell.target ? (
        <div className="metric-cell__meta">
          <TargetMark def={def} target={cell.target} />
        </div>
      ) : null}
    </td>
  );
}

function RowView(props: {
  row: HealthRow;
  className?: string;
} & Pick<SquadsHealthTableProps, 'previousPending' | 'onOpen' | 'squadLink' | 'groupLink'>) {
  const { row, className, ...rest } = props;
  return (
    <tr className={className} data-scope={row.scope}>
      <RowHeader row={row} squadLink={rest.squadLink} groupLink={rest.groupLink} />
      {HEADLINE_KEYS.map((metric) => (
        <MetricCellView
          key={metric}
          row={row}
          metric={metric}
          previousPending={rest.previousPending}
          onOpen={rest.onOpen}
        />
      ))}
    </tr>
  );
}

/**
 * Squads with every headline metric: value (a button opening its drill-down), DORA tier,
 * change against the previous period, target. Group roll-ups head their squads.
 */
export function SquadsHealthTable({
  table,
  caption,
  sort,
  onSort,
  previousPending,
  squadLink,
  groupLink,
  onOpen,
}: SquadsHealthTableProps) {
  const rowProps = { previousPending, onOpen, squadLink, groupLink };
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Squads and their delivery metrics">
      <table className="data-table health-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" aria-sort={ariaSort(sort, 'name')} className="health-table__name">
              <SortButton sort={sort} sortKey="name" onSort={onSort}>
                Squad
              </SortButton>
            </th>
            {HEADLINE_KEYS.map((metric) => {
              const def = METRIC_DEFS[metric];
              return (
                <th key={metric} scope="col" aria-sort={ariaSort(sort, metric)}>
                  <SortButton sort={sort} sortKey={metric} onSort={onSort}>
                    {def.shortLabel}
                    <span className="th-sub">{UNIT_SUB[def.unit]}</span>
                  </SortButton>
                </th>
              );
            })}
          </tr>
        </thead>
        {table.sections.map((section) => (
          <tbody key={section.id} className="health-section">
            {section.rollup ? <RowView row={section.rollup} className="rollup-row" {...rowProps} /> : null}
            {section.squads.map((row) => (
              <RowView key={row.scope} row={row} {...rowProps} />
            ))}
          </tbody>
        ))}
        {table.total ? (
          <tfoot>
            <RowView row={table.total} className="total-row" {...rowProps} />
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
