import { formatPercent, plural } from '../../lib/format';
import type { LoadStatus } from '../../lib/status';
import { ChartFigure } from '../charts/ChartFigure';
import type { LeadShareBar } from './reviewConcentration';

export interface LeadShareChartProps {
  bars: LeadShareBar[];
  status: LoadStatus;
  error: unknown;
  onRetry: () => void;
  period: string;
}

/** Practice-lead review share per squad: where the practice leads spend their review time. */
export function LeadShareChart({ bars, status, error, onRetry, period }: LeadShareChartProps) {
  const title = 'Practice-lead review share per squad';
  return (
    <section className="panel" aria-labelledby="lead-share">
      <h2 id="lead-share">{title}</h2>
      <ChartFigure
        testId="practice-lead-share-chart"
        status={status}
        error={error}
        onRetry={onRetry}
        hasData={bars.length > 0}
        what="review shares"
        emptyTitle="No reviews in this period"
        emptyBody="No squad has reviewed PRs in this period; pick a longer period or import pull requests."
        title={title}
        caption={`Share of each squad's reviews done by practice leads, ${period}. A high share can mean the practice leads are a bottleneck for that squad.`}
        render={(charts) => (
          <charts.ShareBarChart
            rows={bars}
            name="Practice-lead review share"
            title={title}
            description={bars.map((b) => `${b.label}: ${formatPercent(b.share)}`).join('; ')}
          />
        )}
        table={{
          rowHeader: 'Squad',
          columns: ['Practice-lead share', 'Reviews'],
          rows: bars.map((b) => ({ label: b.label, cells: [formatPercent(b.share), plural(b.reviews, 'review')] })),
        }}
      />
    </section>
  );
}
