import type { ReportView } from '@bearing/shared';
import { reportFileUrl } from '../../api/reports';
import { formatDateTime } from '../../lib/format';
import { formatBytes, monthLabel, reportStatusLabel } from './reportsView';

export interface ReportsTableProps {
  rows: ReportView[];
  timeZone: string;
}

/** The reviews: month, scope, status, when generated, and the PDF/CSV downloads. */
export function ReportsTable({ rows, timeZone }: ReportsTableProps) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Monthly reviews">
      <table className="data-table data-table--compact">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Scope</th>
            <th scope="col">Status</th>
            <th scope="col">Generated</th>
            <th scope="col">Trigger</th>
            <th scope="col">Downloads</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{monthLabel(r.month)}</td>
              <td>
                {r.scopeName} <span className="muted">({r.scope})</span>
              </td>
              <td>
                {reportStatusLabel(r.status)}
                {r.status === 'failed' && r.error ? <span className="field-error"> {r.error}</span> : null}
              </td>
              <td>{r.generatedAt ? formatDateTime(r.generatedAt, timeZone) : '–'}</td>
              <td>{r.trigger === 'schedule' ? 'Scheduled' : 'On demand'}</td>
              <td>
                {r.status === 'ready' ? (
                  <>
                    <a href={reportFileUrl(r.id, 'pdf')} download aria-label={`PDF of the ${monthLabel(r.month)} review of ${r.scopeName}`}>
                      PDF
                    </a>{' '}
                    <span className="muted">{formatBytes(r.pdfBytes)}</span>
                    {' · '}
                    <a href={reportFileUrl(r.id, 'csv')} download aria-label={`CSV of the ${monthLabel(r.month)} review of ${r.scopeName}`}>
                      CSV
                    </a>{' '}
                    <span className="muted">{formatBytes(r.csvBytes)}</span>
                  </>
                ) : (
                  '–'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
