import { formatDuration, plural } from '../../lib/format';
import type { DurationStat } from './leadTime';

export interface SplitComparisonProps {
  caption: string;
  split: { agent: DurationStat | null; human: DurationStat | null };
  /** "PR" */
  noun: string;
}

/**
 * Agent-authored vs human-authored: median, p90 and sample side by side, with a bar per
 * median for a quick read (the numbers carry the information; the bars are decoration).
 */
export function SplitComparison({ caption, split, noun }: SplitComparisonProps) {
  const rows = [
    { label: 'Agent-authored', stat: split.agent },
    { label: 'Human-authored', stat: split.human },
  ];
  const max = Math.max(0, ...rows.map((r) => r.stat?.value ?? 0));
  if (!split.agent && !split.human) {
    return <p className="muted">No agent/human split in this period.</p>;
  }
  return (
    <table className="data-table data-table--compact split-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Author</th>
          <th scope="col" className="num">
            Median
          </th>
          <th scope="col" className="split-table__bar-col">
            <span className="visually-hidden">Median as a bar</span>
          </th>
          <th scope="col" className="num">
            p90
          </th>
          <th scope="col" className="num">
            Sample
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ label, stat }) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td className="num">{formatDuration(stat?.value)}</td>
            <td className="split-table__bar-col" aria-hidden="true">
              {stat?.value != null && max > 0 ? (
                <span
                  className={`split-bar split-bar--${label.startsWith('Agent') ? 'agent' : 'human'}`}
                  style={{ width: `${Math.max(2, (stat.value / max) * 100)}%` }}
                />
              ) : null}
            </td>
            <td className="num">{formatDuration(stat?.p90)}</td>
            <td className="num">{plural(stat?.sampleSize ?? 0, noun)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
