import type { MetricValue } from '@bearing/shared';
import { formatDuration } from '../../lib/format';
import type { LoadStatus } from '../../lib/status';
import { ChartFigure } from '../charts/ChartFigure';
import { axisScaleFor } from '../charts/trendData';
import { readSplit, STAGES, toStageRows } from './leadTime';
import { SplitComparison } from './SplitComparison';

export interface LeadTimeBreakdownProps {
  current: MetricValue | undefined;
  previous: MetricValue | undefined;
  status: LoadStatus;
  error: unknown;
  onRetry: () => void;
  scopeName: string;
  period: string;
  previousPeriod: string;
}

/**
 * Where lead time goes: the median of each stage (coding → pickup → review → deploy) as a
 * stacked bar for this period and the previous one, and agent- vs human-authored PRs.
 */
export function LeadTimeBreakdown({
  current,
  previous,
  status,
  error,
  onRetry,
  scopeName,
  period,
  previousPeriod,
}: LeadTimeBreakdownProps) {
  const rows = toStageRows([
    { label: 'This period', metric: current },
    { label: 'Previous period', metric: previous },
  ]);
  const max = Math.max(0, ...rows.map((row) => row.stageSum ?? 0));
  const scale = axisScaleFor('seconds', max);
  const thisRow = rows.find((row) => row.label === 'This period');
  const title = `Lead-time stages, ${scopeName}`;
  const caption =
    `Median of each stage over the PRs shipped in ${period} (bar 1) and ${previousPeriod} (bar 2): ` +
    STAGES.map((s) => `${s.label.toLowerCase()} (${s.description})`).join(', ') +
    '. Commits deployed without a PR have no stages. Each stage’s median is taken on its own, so the stages do not add up to the total median' +
    (thisRow && thisRow.total !== null && thisRow.stageSum !== null
      ? ` (this period: total median ${formatDuration(thisRow.total)}, stage medians sum to ${formatDuration(thisRow.stageSum)}).`
      : '.');

  return (
    <section className="panel" aria-labelledby="lead-time-heading">
      <h2 id="lead-time-heading">Where lead time goes</h2>
      <div className="split-2">
        <div>
          <h3>Stage breakdown (medians)</h3>
          <ChartFigure
            testId="lead-time-stages-chart"
            status={status}
            error={error}
            onRetry={onRetry}
            hasData={rows.length > 0}
            what="lead-time stages"
            emptyTitle="No PRs shipped in this period"
            emptyBody="The stage breakdown needs merged PRs shipped by a successful production deployment."
            title={title}
            caption={caption}
            height={220}
            table={{
              rowHeader: 'Period',
              columns: [...STAGES.map((s) => s.label), 'Sum of stage medians', 'Total median'],
              rows: rows.map((row) => ({
                label: row.label,
                cells: [
                  ...STAGES.map((s) => formatDuration(row[s.key])),
                  formatDuration(row.stageSum),
                  formatDuration(row.total),
                ],
              })),
            }}
            render={(charts) => (
              <charts.StageBarChart
                rows={rows}
                scale={scale}
                formatValue={formatDuration}
                title={title}
                description={caption}
                height={220}
              />
            )}
          />
        </div>
        <div>
          <h3>Agent vs human lead time</h3>
          {status === 'success' ? (
            <SplitComparison
              caption={`Lead time for changes by who authored the PR, ${period}`}
              split={readSplit(current)}
              noun="change"
            />
          ) : null}
          <p className="table-note">
            A PR is agent-authored when its author matches a configured agent identity, it carries
            the agent label, or a commit has a <code>Co-authored-by:</code> trailer naming an agent.
          </p>
        </div>
      </div>
    </section>
  );
}
