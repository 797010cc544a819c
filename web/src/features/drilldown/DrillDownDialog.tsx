import { useEffect, useId, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useFilters } from '../../app/useFilters';
import { formatPeriod } from '../../lib/format';
import { isKnownMetric, METRIC_DEFS } from '../metrics/metricDefs';
import { parseScope, scopeLabel } from '../org/scope';
import { useOrgStructure } from '../org/useOrgStructure';
import { DRILL_PARAM, DRILL_SCOPE_PARAM, useDrillDown } from './drillParams';
import { MetricEvents } from './MetricEvents';

/**
 * The drill-down drawer: the events behind one number (metric × scope × the page's period),
 * opened from `?drill=<metric>&drillScope=<scope>`. A modal <dialog>: focus moves into it,
 * Escape closes it, and focus returns to where it was.
 */
export function DrillDownDialog() {
  const [params] = useSearchParams();
  const { filters, timeZone } = useFilters();
  const org = useOrgStructure();
  const { closeDrill } = useDrillDown();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const metric = params.get(DRILL_PARAM) ?? '';
  const scope = params.get(DRILL_SCOPE_PARAM) ?? filters.scope;

  // Open as a modal once mounted. No cleanup: removing the element on unmount takes it out
  // of the top layer, and closing it here would fire `close` (and so clear the URL) again.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const label = scopeLabel(scope, { orgName: org.orgName, squads: org.squads, groups: org.groups });
  const period = formatPeriod(filters.from, filters.to);
  const def = isKnownMetric(metric) ? METRIC_DEFS[metric] : null;
  const validScope = parseScope(scope) !== null;

  return (
    <dialog
      ref={dialogRef}
      className="drawer"
      aria-labelledby={titleId}
      onClose={closeDrill}
      onClick={(event) => {
        // a click on the backdrop (the dialog element itself, outside its content) closes it
        if (event.target === dialogRef.current) dialogRef.current?.close();
      }}
    >
      <div className="drawer__content">
        <div className="drawer__header">
          <div>
            <p className="drawer__eyebrow">Drill-down · {label} · {period}</p>
            <h2 id={titleId}>{def ? `${def.label}: the ${def.eventsNoun} behind the number` : 'Unknown metric'}</h2>
          </div>
          <button type="button" className="button button--secondary" onClick={() => dialogRef.current?.close()}>
            Close
          </button>
        </div>
        {def && validScope ? (
          <>
            <p className="drawer__definition">
              <strong>{def.label}</strong>: {def.definition}.
            </p>
            <MetricEvents
              query={{ scope, from: filters.from, to: filters.to, interval: filters.interval }}
              metric={def.key}
              noun={def.eventsNoun}
              caption={`${def.label}: ${def.eventsNoun}, ${label}, ${period}`}
              timeZone={timeZone}
              limit={50}
              empty={
                <>
                  {label} has no {def.eventsNoun} counted for this metric in {period}. If you
                  expected some, check the Admin view: the sources may not have synced, or the
                  repositories and services may not be mapped to this squad.
                </>
              }
            />
          </>
        ) : (
          <p>
            This link names a metric or scope Bearing does not know (<code>{metric}</code>,{' '}
            <code>{scope}</code>).
          </p>
        )}
      </div>
    </dialog>
  );
}
