import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { factsStatusQueryOptions } from '../../api/factsStatus.queries';
import { metricKeys } from '../../api/metrics.queries';

/**
 * While a large import's derived facts are rebuilt, every number on screen is still the one
 * from before the import: say so, and refresh the metrics once the rebuild is done.
 */
export function FactsRebuildingNotice() {
  const status = useQuery(factsStatusQueryOptions());
  const queryClient = useQueryClient();
  const rebuilding = status.data?.rebuilding ?? false;
  const was = useRef(rebuilding);

  useEffect(() => {
    if (was.current && !rebuilding) void queryClient.invalidateQueries({ queryKey: metricKeys.all });
    was.current = rebuilding;
  }, [rebuilding, queryClient]);

  if (!rebuilding) return null;
  const since = status.data?.pendingSince ? new Date(status.data.pendingSince) : null;
  return (
    <div className="notice notice--warning" role="status" data-testid="facts-rebuilding">
      <strong>Metrics are being rebuilt after a large import.</strong> The numbers shown are from
      before it{since ? ` (rebuild asked for at ${since.toLocaleTimeString()})` : ''}; they refresh by themselves when it is done.
    </div>
  );
}
