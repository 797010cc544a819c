import type { EventRow } from '../events/eventCells';
import type { DrillCell, DrillColumn } from './drillColumns';

export interface DrillEventsTableProps {
  rows: readonly EventRow[];
  columns: readonly DrillColumn[];
  caption: string;
}

function CellContent({ cell }: { cell: DrillCell }) {
  const text = cell.code ? <code>{cell.text}</code> : cell.text;
  return (
    <>
      {cell.href ? (
        <a href={cell.href} target="_blank" rel="noreferrer noopener">
          {text}
          <span className="visually-hidden"> (opens the source in a new tab)</span>
        </a>
      ) : (
        text
      )}
      {cell.tag ? <span className="tag">{cell.tag}</span> : null}
    </>
  );
}

/** The events behind a number, one row each, with the rule that classified it. */
export function DrillEventsTable({ rows, columns, caption }: DrillEventsTableProps) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table data-table--compact drill-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.id} scope="col" className={column.numeric ? 'num' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {columns.map((column, columnIndex) => {
                const cell = column.cell(row);
                const className = column.numeric ? 'num' : column.wrap ? 'wrap' : undefined;
                return columnIndex === 0 ? (
                  <th key={column.id} scope="row" title={cell.title} className={className}>
                    <CellContent cell={cell} />
                  </th>
                ) : (
                  <td key={column.id} title={cell.title} className={className}>
                    <CellContent cell={cell} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
