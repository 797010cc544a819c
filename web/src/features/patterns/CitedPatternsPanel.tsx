import type { PatternsResponse, ScopeParam } from '@bearing/shared';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { fileSlug, toCsv } from '../../lib/csv';
import { formatNumber } from '../../lib/format';
import type { LoadStatus } from '../../lib/status';
import { useDrillDown } from '../drilldown/drillParams';
import { citedCsvColumns, freshnessText, toCitedPatterns, type CitedPattern } from './patternStats';

export interface CitedPatternsPanelProps {
  data: PatternsResponse | undefined;
  status: LoadStatus;
  error: unknown;
  onRetry: () => void;
  scope: ScopeParam;
  period: string;
}

/** Most and least cited patterns, keys cited but not in the library, and library freshness. */
export function CitedPatternsPanel({ data, status, error, onRetry, scope, period }: CitedPatternsPanelProps) {
  const { openDrill } = useDrillDown();
  const cited = toCitedPatterns(data?.patterns ?? []);
  const count = (n: number, metric: string, what: string) =>
    n === 0 ? (
      <span>0</span>
    ) : (
      <button type="button" className="metric-value" onClick={() => openDrill(metric, scope)} aria-label={`${n} ${what}. Show the PRs behind it`}>
        {formatNumber(n, 0)}
      </button>
    );
  const list = (id: string, caption: string, rows: CitedPattern[]) => (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={id}>
      <table className="data-table data-table--compact">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Pattern</th>
            <th scope="col" className="num">Citing PRs</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.key}>
              <th scope="row">
                <code>{p.key}</code> {p.title}
                {p.status === 'retired' ? <span className="tag">retired{p.replacedBy ? ` → ${p.replacedBy}` : ''}</span> : null}
              </th>
              <td className="num">{count(p.citations, p.retiredCitations > 0 ? 'retired_pattern_citations' : 'pattern_citation_rate', `PRs cite ${p.key}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <section className="panel panel--table" aria-labelledby="cited-patterns">
      <div className="panel__header">
        <h2 id="cited-patterns">Pattern library use</h2>
        <DownloadCsvButton
          filename={`bearing-pattern-citations-${fileSlug(scope)}.csv`}
          getCsv={() => toCsv(citedCsvColumns, [...cited.most, ...cited.least])}
          disabled={status !== 'success'}
        />
      </div>
      <p className="panel__intro">Which patterns merged PRs cite, {period}. Click a count to see the PRs.</p>
      {status === 'pending' ? <LoadingState label="Loading the pattern library…" minHeight={160} /> : null}
      {status === 'error' ? <ErrorState error={error} what="the pattern library" onRetry={onRetry} /> : null}
      {status === 'success' && data ? (
        <>
          <p data-testid="library-freshness">
            <strong>Library freshness: </strong>
            <button
              type="button"
              className="link-button"
              onClick={() => openDrill('pattern_library_freshness', scope)}
              aria-label={`${freshnessText(data.freshness)} Show the library's changes`}
            >
              {freshnessText(data.freshness)}
            </button>
          </p>
          {data.patterns.length === 0 ? (
            <EmptyState title="The pattern library is empty">
              Add patterns in the library below, or sync them from a repository folder with a git source.
            </EmptyState>
          ) : (
            <div className="split-2">
              <div>
                <h3 id="most-cited">Most cited</h3>
                {cited.most.length ? list('most-cited', `Most cited patterns, ${period}`, cited.most) : <p className="muted">No pattern was cited in this period.</p>}
              </div>
              <div>
                <h3 id="least-cited">Least cited (active)</h3>
                {cited.least.length ? list('least-cited', `Least cited active patterns, ${period}`, cited.least) : <p className="muted">No active patterns.</p>}
              </div>
            </div>
          )}
          <h3 id="unknown-citations">Unknown citations</h3>
          {data.unknownKeys.length === 0 ? (
            <p className="muted">Every cited key is in the library.</p>
          ) : (
            <>
              <p className="muted">Pattern-shaped keys merged PRs cite that the library does not have: typos, or patterns to add.</p>
              <ul className="inline-list" aria-labelledby="unknown-citations">
                {data.unknownKeys.map((u) => (
                  <li key={u.key}>
                    <code>{u.key}</code>{' '}
                    <button type="button" className="link-button" onClick={() => openDrill('pattern_citation_rate', scope)}>
                      {u.citations} {u.citations === 1 ? 'PR' : 'PRs'}
                      <span className="visually-hidden"> citing {u.key}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      ) : null}
    </section>
  );
}
