import { useMemo } from 'react';
import { eventColumns, flattenEventRow, formatEventCell, type EventRow } from './eventCells';

export interface EventRowsTableProps {
  rows: readonly EventRow[];
  caption: string;
  timeZone: string;
}

/**
 * The rows behind a metric, whatever their shape: every key becomes a column (nested
 * objects one level deep as "Parent › Child"), timestamps shown in the org's time zone.
 */
export function EventRowsTable({ rows, caption, timeZone }: EventRowsTableProps) {
  const flatRows = useMemo(() => rows.map(flattenEventRow), [rows]);
  const columns = useMemo(() => eventColumns(flatRows), [flatRows]);

  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table data-table--compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {flatRows.map((row, index) => (
            <tr key={index}>
              {columns.map((column, columnIndex) => {
                const cell = formatEventCell(row[column.key], column.key, timeZone);
                const className =
                  [typeof row[column.key] === 'number' ? 'num' : '', cell.title ? 'nowrap' : '']
                    .filter(Boolean)
                    .join(' ') || undefined;
                return columnIndex === 0 ? (
                  <th key={column.key} scope="row" title={cell.title} className={className}>
                    {cell.text}
                  </th>
                ) : (
                  <td key={column.key} title={cell.title} className={className}>
                    {cell.text}
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
