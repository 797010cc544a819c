import type { ReportView } from '@bearing/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/http';
import { createReport } from '../../api/reports';
import { reportKeys } from '../../api/reports.queries';
import { monthLabel, type ScopeOption } from './reportsView';

export interface GenerateReportFormProps {
  /** complete months to offer, newest first */
  months: string[];
  /** scopes the caller may read */
  scopes: ScopeOption[];
  onGenerated?: (report: ReportView) => void;
}

/** Month + scope, then `POST /api/v1/reports`; regenerating a month replaces its review. */
export function GenerateReportForm({ months, scopes, onGenerated }: GenerateReportFormProps) {
  const id = useId();
  const queryClient = useQueryClient();
  const [month, setMonth] = useState(months[0] ?? '');
  const [scope, setScope] = useState(scopes[0]?.value ?? '');
  useEffect(() => {
    if (!scopes.some((s) => s.value === scope) && scopes[0]) setScope(scopes[0].value);
  }, [scopes, scope]);

  const generate = useMutation({
    mutationFn: createReport,
    onSuccess: async (report) => {
      await queryClient.invalidateQueries({ queryKey: reportKeys.all });
      onGenerated?.(report);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (month && scope) generate.mutate({ month, scope });
  };

  const error = generate.error;
  const field = isApiError(error) ? (error.details as { field?: string } | undefined)?.field : undefined;

  return (
    <form className="admin-form" onSubmit={submit} aria-label="Generate a monthly review">
      <div className="admin-form__grid">
        <div className="form-field">
          <label htmlFor={`${id}-month`}>Month</label>
          <select id={`${id}-month`} value={month} onChange={(e) => setMonth(e.target.value)} aria-invalid={field === 'month' || undefined}>
            {months.map((m) => (
              <option key={m} value={m}>
                {monthLabel(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-scope`}>Scope</label>
          <select id={`${id}-scope`} value={scope} onChange={(e) => setScope(e.target.value)} aria-invalid={field === 'scope' || undefined} disabled={scopes.length === 0}>
            {scopes.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="admin-form__actions">
        <button type="submit" className="button" disabled={generate.isPending || !month || !scope}>
          {generate.isPending ? 'Generating…' : 'Generate'}
        </button>
        {generate.isPending ? (
          <span role="status" className="muted">
            Generating the review: this takes a few seconds for a squad, longer for the whole org.
          </span>
        ) : null}
        {generate.isSuccess ? (
          <span role="status" className="form-ok">
            {generate.data.status === 'ready'
              ? `The ${monthLabel(generate.data.month)} review of ${generate.data.scopeName} is ready.`
              : `The review failed: ${generate.data.error ?? 'unknown error'}`}
          </span>
        ) : null}
        {error ? (
          <p className="form-error" role="alert">
            Could not generate the review: {error.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
