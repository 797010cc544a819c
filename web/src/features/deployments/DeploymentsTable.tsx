import type { ReactNode } from 'react';
import { Link, type To } from 'react-router';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { fileSlug, toCsv } from '../../lib/csv';
import { formatNumber, formatPeriod } from '../../lib/format';
import type { DeploymentFrequency } from './deploymentFrequency';
import { deploymentTableCsvColumns, type DeploymentTableRow } from './toDeploymentTableRows';

export interface DeploymentsTableProps {
  /** the panel heading, shown beside the download button */
  heading: ReactNode;
  rows: DeploymentTableRow[];
  /** the scope's own figures (org/group values are deduplicated, not sums of squads) */
  total: { label: string; value: DeploymentFrequency } | null;
  period: { from: string; to: string };
  scope: string;
  /** where a squad's name links to */
  squadLink: (squadKey: string) => To;
}

export function DeploymentsTable({
  heading,
  rows,
  total,
  period,
  scope,
  squadLink,
}: DeploymentsTableProps) {
  if (rows.length === 0) {
    return (
      <>
        <div className="panel__header">{heading}</div>
        <EmptyState title="No squads in this scope">
          Choose another scope, or ask an admin to assign squads to this group.
        </EmptyState>
      </>
    );
  }
  const columns = deploymentTableCsvColumns(period);
  const filename = `bearing-deployments-${fileSlug(scope)}-${period.from}-to-${period.to}.csv`;

  return (
    <div className="table-block">
      <div className="panel__header">
        {heading}
        <DownloadCsvButton filename={filename} getCsv={() => toCsv(columns, rows)} />
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Deployments by squad">
        <table className="data-table">
          <caption>
            Successful production deployments by squad, {formatPeriod(period.from, period.to)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Squad</th>
              <th scope="col" className="num">
                Deployments
              </th>
              <th scope="col" className="num">
                Deployment days
              </th>
              <th scope="col" className="num">
                Per week
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.squadKey}>
                <th scope="row">
                  <Link to={squadLink(row.squadKey)}>{row.squadName}</Link>
                </th>
                <td className="num">{formatNumber(row.deployments, 0)}</td>
                <td className="num">{formatNumber(row.deploymentDays, 0)}</td>
                <td className="num">{formatNumber(row.perWeek, 1)}</td>
              </tr>
            ))}
          </tbody>
          {total ? (
            <tfoot>
              <tr>
                <th scope="row">{total.label}</th>
                <td className="num">{formatNumber(total.value.count, 0)}</td>
                <td className="num">{formatNumber(total.value.deploymentDays, 0)}</td>
                <td className="num">{formatNumber(total.value.perWeek, 1)}</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      {total ? (
        <p className="table-note">
          The total row counts each deployment once and includes services no squad owns, so
          it need not equal the sum of the squads.
        </p>
      ) : null}
    </div>
  );
}
