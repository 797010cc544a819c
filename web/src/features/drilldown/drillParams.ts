import type { ScopeParam } from '@bearing/shared';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { latestParams } from '../../app/latestParams';

/**
 * The open drill-down lives in the URL beside the filters (`?drill=<metric>&drillScope=<scope>`),
 * so it can be shared and the browser's Back button closes it.
 */
export const DRILL_PARAM = 'drill';
export const DRILL_SCOPE_PARAM = 'drillScope';

export function withDrill(current: URLSearchParams, metric: string, scope: ScopeParam): URLSearchParams {
  const next = new URLSearchParams(current);
  next.set(DRILL_PARAM, metric);
  next.set(DRILL_SCOPE_PARAM, scope);
  return next;
}

export function withoutDrill(current: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(current);
  next.delete(DRILL_PARAM);
  next.delete(DRILL_SCOPE_PARAM);
  return next;
}

export interface DrillDownControls {
  openDrill: (metric: string, scope: ScopeParam) => void;
  closeDrill: () => void;
}

export function useDrillDown(): DrillDownControls {
  const [, setParams] = useSearchParams();
  const openDrill = useCallback(
    (metric: string, scope: ScopeParam) =>
      setParams(() => withDrill(latestParams(), metric, scope), { flushSync: true }),
    [setParams],
  );
  const closeDrill = useCallback(
    () => setParams(() => withoutDrill(latestParams()), { flushSync: true }),
    [setParams],
  );
  return { openDrill, closeDrill };
}
