import type { SourceKindName, SourceView } from '@bearing/shared';
import { useId, useState, type FormEvent } from 'react';
import { AdminField, fieldAria } from './AdminField';
import type { FieldErrors } from './adminForms';
import { emptySourceForm, SECRET_LABELS, SOURCE_KINDS, type SourceField, type SourceForm } from './sourceForms';

export interface SourceEditorProps {
  source: SourceView | null;
  initial: SourceForm;
  saving: boolean;
  errors: FieldErrors<SourceField>;
  formError: string | null;
  onSubmit: (form: SourceForm) => void;
  onCancel: () => void;
}

const FIELD_LABELS: Record<string, { label: string; hint: string; multiline?: boolean }> = {
  url: { label: 'Repository URL or path', hint: 'https://…, ssh://…, or a path on the server, e.g. /srv/git/mono.git.' },
  patternsPath: { label: 'Patterns folder', hint: 'Optional: markdown files with front matter, e.g. docs/patterns.' },
  tagPattern: { label: 'Release tag pattern', hint: 'Optional regular expression, e.g. ^v\\d+\\.\\d+\\.\\d+$.' },
  baseUrl: { label: 'API base URL', hint: 'GitHub.com: https://api.github.com; Enterprise Server: https://host/api/v3.' },
  repositories: { label: 'Repositories', hint: 'One owner/name per line.', multiline: true },
  serviceMapping: { label: 'Service mapping', hint: 'One "PagerDuty service id = Bearing service key" per line.', multiline: true },
};

/** Create or edit a source: kind, name, schedule, the kind's settings and write-only secrets. */
export function SourceEditor({ source, initial, saving, errors, formError, onSubmit, onCancel }: SourceEditorProps) {
  const id = useId();
  const [form, setForm] = useState<SourceForm>(initial);
  const spec = SOURCE_KINDS[form.kind];
  const set = <K extends keyof SourceForm>(key: K, value: SourceForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(form);
  };
  const isSet = (name: string) => source?.kind === form.kind && source.secretsSet.includes(name) && !form.clearSecrets.includes(name);
  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-label={source ? `Edit ${source.name}` : 'New source'}>
      <div className="admin-form__grid">
        <AdminField id={`${id}-kind`} label="Kind">
          <select
            id={`${id}-kind`}
            value={form.kind}
            disabled={source !== null}
            onChange={(e) => setForm({ ...emptySourceForm(e.target.value as SourceKindName), name: form.name })}
          >
            {(Object.keys(SOURCE_KINDS) as SourceKindName[]).map((k) => (
              <option key={k} value={k}>
                {SOURCE_KINDS[k].label}
              </option>
            ))}
          </select>
        </AdminField>
        <AdminField id={`${id}-name`} label="Name" error={errors.name}>
          <input id={`${id}-name`} value={form.name} onChange={(e) => set('name', e.target.value)} {...fieldAria(`${id}-name`, errors.name)} />
        </AdminField>
        <AdminField id={`${id}-cron`} label="Schedule (cron)" error={errors.cron} hint="Five fields in the org time zone, e.g. */15 * * * *.">
          <input id={`${id}-cron`} value={form.cron} onChange={(e) => set('cron', e.target.value)} {...fieldAria(`${id}-cron`, errors.cron, true)} />
        </AdminField>
        {spec.fields.map((field) => {
          const meta = FIELD_LABELS[field]!;
          const fid = `${id}-${field}`;
          return (
            <AdminField key={field} id={fid} label={meta.label} error={errors[field]} hint={meta.hint}>
              {meta.multiline ? (
                <textarea id={fid} rows={3} value={form[field]} onChange={(e) => set(field, e.target.value)} {...fieldAria(fid, errors[field], true)} />
              ) : (
                <input id={fid} value={form[field]} onChange={(e) => set(field, e.target.value)} {...fieldAria(fid, errors[field], true)} />
              )}
            </AdminField>
          );
        })}
      </div>
      {spec.secrets.length ? (
        <fieldset className="admin-form__checks" aria-describedby={errors.secrets ? `${id}-secrets-error` : undefined}>
          <legend>Secrets (write-only: stored encrypted, never shown again)</legend>
          <div className="admin-form__grid">
            {spec.secrets.map((name) => {
              const sid = `${id}-secret-${name}`;
              const label = SECRET_LABELS[name] ?? name;
              return (
                <AdminField key={name} id={sid} label={label} hint={isSet(name) ? 'Set. Type a new value to replace it.' : 'Not set.'}>
                  <input
                    id={sid}
                    type="password"
                    autoComplete="new-password"
                    value={form.secrets[name] ?? ''}
                    onChange={(e) => set('secrets', { ...form.secrets, [name]: e.target.value })}
                    {...fieldAria(sid, undefined, true)}
                  />
                  {source?.secretsSet.includes(name) ? (
                    <label className="inline-check">
                      <input
                        type="checkbox"
                        checked={form.clearSecrets.includes(name)}
                        onChange={(e) =>
                          set('clearSecrets', e.target.checked ? [...form.clearSecrets, name] : form.clearSecrets.filter((n) => n !== name))
                        }
                      />{' '}
                      Clear the stored {label.toLowerCase()}
                    </label>
                  ) : null}
                </AdminField>
              );
            })}
          </div>
          {errors.secrets ? (
            <p className="field-error" id={`${id}-secrets-error`} role="alert">
              Secrets: {errors.secrets}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <label className="inline-check">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} /> Enabled (runs on its schedule)
      </label>
      {formError ? <p className="form-error" role="alert">{formError}</p> : null}
      <div className="admin-form__actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? 'Saving…' : source ? 'Save changes' : 'Create source'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
