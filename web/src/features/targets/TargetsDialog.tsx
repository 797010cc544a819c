import type { MetricTarget, ScopeParam } from '@bearing/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { metricKeys } from '../../api/metrics.queries';
import { deleteTarget, putTarget, type TargetSetting } from '../../api/targets';
import { targetKeys, targetsQueryOptions } from '../../api/targets.queries';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { HEADLINE_KEYS, METRIC_DEFS, type HeadlineKey } from '../metrics/metricDefs';
import { targetText } from '../metrics/tiers';
import { draftFrom, targetChange, targetInputUnit, type TargetDraft } from './targetForm';

export interface TargetsDialogProps {
  /** the scopes a target can be set for, with their names; the first is preselected */
  scopes: Array<{ scope: ScopeParam; label: string }>;
  onClose: () => void;
}

const OPS: Array<{ op: MetricTarget['op']; label: string }> = [
  { op: '<', label: '<' },
  { op: '<=', label: '≤' },
  { op: '>', label: '>' },
  { op: '>=', label: '≥' },
];

/**
 * Set or remove the targets of a squad, group or the org (`PUT/DELETE /targets/<metric>`,
 * cookie-authenticated writes with the CSRF header). The views then show met/missed.
 */
export function TargetsDialog({ scopes, onClose }: TargetsDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const scopeId = useId();
  const [scope, setScope] = useState<ScopeParam>(scopes[0]?.scope ?? 'org');

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog ref={dialogRef} className="modal" aria-labelledby={titleId} onClose={onClose}>
      <div className="modal__content">
        <div className="drawer__header">
          <h2 id={titleId}>Targets</h2>
          <button type="button" className="button button--secondary" onClick={() => dialogRef.current?.close()}>
            Close
          </button>
        </div>
        <div className="form-field">
          <label htmlFor={scopeId}>Targets of</label>
          <select id={scopeId} value={scope} onChange={(event) => setScope(event.target.value)}>
            {scopes.map((option) => (
              <option key={option.scope} value={option.scope}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <TargetsForm key={scope} scope={scope} />
      </div>
    </dialog>
  );
}

function TargetsForm({ scope }: { scope: ScopeParam }) {
  const queryClient = useQueryClient();
  const targets = useQuery(targetsQueryOptions(scope));
  const [drafts, setDrafts] = useState<Partial<Record<HeadlineKey, TargetDraft>>>({});
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);

  if (targets.isPending) return <LoadingState label="Loading targets…" minHeight={120} />;
  if (targets.isError) {
    return <ErrorState error={targets.error} what="the targets" onRetry={() => void targets.refetch()} />;
  }
  const stored = new Map<string, TargetSetting>(targets.data.targets.map((t) => [t.metric, t]));
  const draftOf = (key: HeadlineKey) => drafts[key] ?? draftFrom(METRIC_DEFS[key], stored.get(key));
  const changes = HEADLINE_KEYS.map((key) => ({ key, change: targetChange(METRIC_DEFS[key], draftOf(key), stored.get(key)) }));
  const invalid = changes.filter((c) => c.change.kind === 'invalid');
  const pending = changes.filter((c) => c.change.kind === 'put' || c.change.kind === 'delete');

  const save = async () => {
    setSaving(true);
    setResult(null);
    try {
      for (const { key, change } of pending) {
        if (change.kind === 'put') await putTarget(scope, key, { op: change.op, value: change.value });
        if (change.kind === 'delete') await deleteTarget(scope, key);
      }
      setDrafts({});
      setResult({ ok: true, message: `Saved ${pending.length} ${pending.length === 1 ? 'change' : 'changes'}.` });
    } catch (error) {
      setResult({ ok: false, message: error instanceof Error ? error.message : 'Could not save the targets.' });
    } finally {
      setSaving(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: targetKeys.scope(scope) }),
        queryClient.invalidateQueries({ queryKey: metricKeys.scope(scope) }),
        // the Director table's batches hold this scope's targets too
        queryClient.invalidateQueries({ queryKey: metricKeys.batches }),
      ]);
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalid.length && pending.length) void save();
      }}
    >
      <table className="data-table data-table--compact targets-table">
        <caption>Leave a value empty for no target. Durations in hours, rates in percent.</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Target</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {HEADLINE_KEYS.map((key) => {
            const def = METRIC_DEFS[key];
            const unit = targetInputUnit(def);
            const draft = draftOf(key);
            const change = changes.find((c) => c.key === key)!.change;
            const current = stored.get(key);
            const setDraft = (patch: Partial<TargetDraft>) => setDrafts((d) => ({ ...d, [key]: { ...draft, ...patch } }));
            return (
              <tr key={key}>
                <th scope="row">{def.label}</th>
                <td>
                  <div className="target-input">
                    <select
                      aria-label={`${def.label}: comparison`}
                      value={draft.op}
                      onChange={(event) => setDraft({ op: event.target.value as MetricTarget['op'] })}
                    >
                      {OPS.map((o) => (
                        <option key={o.op} value={o.op}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                    <input
                      type="number"
                      inputMode="decimal"
                      min={0}
                      step={unit.step}
                      aria-label={`${def.label}: target in ${unit.label}`}
                      aria-invalid={change.kind === 'invalid' || undefined}
                      value={draft.input}
                      onChange={(event) => setDraft({ input: event.target.value })}
                    />
                    <span className="muted">{unit.label}</span>
                  </div>
                  {change.kind === 'invalid' ? <p className="field-error">{change.message}</p> : null}
                </td>
                <td className="muted">{current ? targetText(def, current) : 'none'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {result ? (
        <p className={result.ok ? 'form-ok' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      <div className="modal__actions">
        <button type="submit" className="button" disabled={saving || invalid.length > 0 || pending.length === 0}>
          {saving ? 'Saving…' : pending.length ? `Save ${pending.length} ${pending.length === 1 ? 'change' : 'changes'}` : 'No changes'}
        </button>
      </div>
    </form>
  );
}
