import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { auditKeys } from '../../api/audit.queries';
import { metricKeys } from '../../api/metrics.queries';
import { patchSettings, type MetricRules } from '../../api/settings';
import { settingsKeys } from '../../api/settings.queries';
import { AdminField, fieldAria } from './AdminField';
import {
  rulesFieldError,
  rulesToForm,
  toSettingsPatch,
  type FieldErrors,
  type RulesField,
  type RulesForm,
} from './adminForms';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface RulesPanelProps {
  rules: MetricRules;
  orgName: string;
}

/**
 * Org settings and metric rules (`PATCH /api/v1/settings`): only changed fields are sent; the
 * server recomputes every metric, and a 400 shows next to the field it names.
 */
export function RulesPanel({ rules, orgName }: RulesPanelProps) {
  const id = useId();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<RulesForm>(() => rulesToForm(rules, orgName));
  const [errors, setErrors] = useState<FieldErrors<RulesField>>({});
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const set = <K extends keyof RulesForm>(key: K, value: RulesForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  const save = useMutation({
    mutationFn: patchSettings,
    onSuccess: async (next) => {
      setForm((f) => ({ ...rulesToForm(next, f.name.trim()) }));
      setResult({ ok: true, text: 'Saved. Every metric has been recomputed with the new rules.' });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: settingsKeys.all }),
        queryClient.invalidateQueries({ queryKey: metricKeys.all }),
        queryClient.invalidateQueries({ queryKey: auditKeys.all }),
      ]);
    },
    onError: (error) => {
      const field = rulesFieldError(error);
      if (field) {
        setErrors({ [field.field]: field.message });
        setResult({ ok: false, text: 'The server refused a field: see the message next to it.' });
      } else setResult({ ok: false, text: error instanceof Error ? error.message : 'The settings were not saved.' });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setResult(null);
    const patch = toSettingsPatch(form, rules, orgName);
    if (!patch.ok) {
      setErrors(patch.errors);
      setResult({ ok: false, text: 'Fix the fields marked below.' });
    } else if (Object.keys(patch.body).length === 0) setResult({ ok: true, text: 'Nothing changed.' });
    else save.mutate(patch.body);
  };

  const text = (field: RulesField & keyof RulesForm, label: string, hint?: string, type = 'text') => (
    <AdminField id={`${id}-${field}`} label={label} error={errors[field]} hint={hint}>
      <input
        id={`${id}-${field}`}
        type={type}
        value={form[field] as string}
        onChange={(e) => set(field, e.target.value as RulesForm[typeof field])}
        {...fieldAria(`${id}-${field}`, errors[field], Boolean(hint))}
      />
    </AdminField>
  );
  const lines = (field: 'botPatterns' | 'agentPatterns', label: string, hint: string) => (
    <AdminField id={`${id}-${field}`} label={label} error={errors[field]} hint={hint}>
      <textarea
        id={`${id}-${field}`}
        rows={4}
        value={form[field]}
        onChange={(e) => set(field, e.target.value)}
        spellCheck={false}
        {...fieldAria(`${id}-${field}`, errors[field], true)}
      />
    </AdminField>
  );

  return (
    <section className="panel" aria-labelledby="admin-rules">
      <h2 id="admin-rules">Org settings and metric rules</h2>
      <p className="panel__intro">
        Saving recomputes every derived fact, so the numbers on every view follow at once.
      </p>
      <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="admin-rules">
        <div className="admin-form__grid">
          {text('name', 'Organisation name')}
          {text('timeZone', 'Time zone', 'IANA name, e.g. Europe/London; periods and working hours use it.')}
          {text('productionPattern', 'Production environment pattern', 'Regular expression matched against deployment environments.')}
          {text('attributionWindowMinutes', 'Incident attribution window (minutes)', "An incident within this long after a deployment is attributed to it. Default 1440 (24 h).", 'number')}
          {text('hotfixLabels', 'Hotfix labels', 'PR labels marking unplanned (rework) deployments, comma-separated.')}
          {text('agentLabel', 'Agent label', 'PR label marking agent-authored PRs.')}
          {text('workingHoursStart', 'Working hours start (hour)', undefined, 'number')}
          {text('workingHoursEnd', 'Working hours end (hour)', undefined, 'number')}
        </div>
        <fieldset className="admin-form__checks" aria-describedby={errors.workingDays ? `${id}-days-error` : undefined}>
          <legend>Working days</legend>
          {DAYS.map((day, index) => (
            <label key={day}>
              <input
                type="checkbox"
                checked={form.workingDays.includes(index)}
                onChange={(e) =>
                  set('workingDays', e.target.checked ? [...form.workingDays, index] : form.workingDays.filter((d) => d !== index))
                }
              />{' '}
              {day}
            </label>
          ))}
          {errors.workingDays ? (
            <p className="field-error" id={`${id}-days-error`} role="alert">Working days: {errors.workingDays}</p>
          ) : null}
        </fieldset>
        <div className="admin-form__grid">
          {lines('botPatterns', 'Bot author patterns', 'One regular expression per line; matching authors are not people.')}
          {lines('agentPatterns', 'Agent author patterns', 'One regular expression per line; matching authors are coding agents.')}
        </div>
        {result ? (
          <p className={result.ok ? 'form-ok' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
            {result.text}
          </p>
        ) : null}
        <div className="admin-form__actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? 'Saving and recomputing…' : 'Save settings'}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setForm(rulesToForm(rules, orgName));
              setErrors({});
              setResult(null);
            }}
          >
            Reset
          </button>
        </div>
      </form>
    </section>
  );
}
