import type { MetricPeriodQuery } from '../../api/metrics';
import { MetricEvents } from '../drilldown/MetricEvents';

export interface RetiredCitationsPanelProps {
  query: MetricPeriodQuery;
  scopeName: string;
  period: string;
  timeZone: string;
}

/** The migration list: merged PRs citing a retired pattern, with its replacement and note. */
export function RetiredCitationsPanel({ query, scopeName, period, timeZone }: RetiredCitationsPanelProps) {
  return (
    <section className="panel" aria-labelledby="retired-citations" data-testid="retired-citations">
      <MetricEvents
        query={query}
        metric="retired_pattern_citations"
        noun="citations"
        caption={`Merged PRs citing retired patterns, ${scopeName}, ${period}`}
        timeZone={timeZone}
        limit={20}
        empty={
          <>
            No PR merged in {period} cites a retired pattern: nothing to migrate in {scopeName}.
          </>
        }
        header={(csv) => (
          <>
            <div className="panel__header">
              <h2 id="retired-citations">Migration list: PRs citing retired patterns</h2>
              {csv}
            </div>
            <p className="panel__intro">
              Each row is a merged PR and the retired pattern it cites, with the replacement and the
              migration note to pass on to its squad.
            </p>
          </>
        )}
      />
    </section>
  );
}
