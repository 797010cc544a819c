import type { MetricsResponse, SquadSummary } from '@bearing/shared';
import type { CsvColumn } from '../../lib/csv';
import { squadScope } from '../org/scope';
import { readDeploymentFrequency } from './deploymentFrequency';

export interface DeploymentTableRow {
  squadKey: string;
  squadName: string;
  deployments: number | null;
  deploymentDays: number | null;
  perWeek: number | null;
}

/** One row per squad (in the given order) from each squad's `MetricsResponse`. */
export function toDeploymentTableRows(
  squads: readonly SquadSummary[],
  responses: readonly MetricsResponse[],
): DeploymentTableRow[] {
  const byScope = new Map(responses.map((response) => [response.scope, response]));
  return squads.map((squad) => {
    const response = byScope.get(squadScope(squad.key));
    const metric = response ? readDeploymentFrequency(response) : null;
    return {
      squadKey: squad.key,
      squadName: squad.name,
      deployments: metric?.count ?? null,
      deploymentDays: metric?.deploymentDays ?? null,
      perWeek: metric?.perWeek ?? null,
    };
  });
}

/** CSV columns of the squads table; the period is repeated so the file stands alone. */
export function deploymentTableCsvColumns(period: {
  from: string;
  to: string;
}): CsvColumn<DeploymentTableRow>[] {
  return [
    { header: 'squad', value: (row) => row.squadName },
    { header: 'squad_key', value: (row) => row.squadKey },
    { header: 'from', value: () => period.from },
    { header: 'to_exclusive', value: () => period.to },
    { header: 'deployments', value: (row) => row.deployments },
    { header: 'deployment_days', value: (row) => row.deploymentDays },
    {
      header: 'deployments_per_week',
      value: (row) => (row.perWeek === null ? null : Math.round(row.perWeek * 100) / 100),
    },
  ];
}
