import type { SourceKindName, SourceView } from '@bearing/shared';
import { useId, useState, type FormEvent } from 'react';
import { AdminField, fieldAria } from './AdminField';
import type { FieldErrors } from './adminForms';
import { emptySourceForm, SECRET_LABELS, SOURCE_KINDS, type ConfigFieldSpec, type SourceField, type SourceForm } from './sourceForms';

export interface SourceEditorProps {
  source: SourceView | null;
  initial: SourceForm;
  saving: boolean;
  errors: FieldErrors<SourceField>;
  formError: string | null;
  onSubmit: (form: SourceForm) => void;
  onCancel: () => void;
}

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
  const setConfig = (path: string, value: string | boolean) => setForm((f) => ({ ...f, config: { ...f.config, [path]: value } }));
  const basic = spec.fields.filter((f) => !f.advanced);
  const advanced = spec.fields.filter((f) => f.advanced);
  const field = (f: ConfigFieldSpec) => {
    const fid = `${id}-${f.path.replace(/\./g, '-')}`;
    const error = errors[f.path];
    const value = form.config[f.path];
    if (f.type === 'bool') {
      return (
        <div className="form-field" key={f.path}>
          <label className="inline-check">
            <input id={fid} type="checkbox" checked={value === true} onChange={(e) => setConfig(f.path, e.target.checked)} {...fieldAria(fid, error, true)} /> {f.label}
          </label>
          <p className="field-hint muted" id={`${fid}-hint`}>{f.hint}</p>
          {error ? (
            <p className="field-error" id={`${fid}-error`} role="alert">
              {f.label}: {error}
            </p>
          ) : null}
        </div>
      );
    }
    const text = typeof value === 'string' ? value : '';
    const placeholder = typeof f.default === 'string' ? f.default : undefined;
    return (
      <AdminField key={f.path} id={fid} label={f.required && !f.group ? `${f.label} (required)` : f.label} error={error} hint={f.hint}>
        {f.type === 'lines' || f.type === 'map' ? (
          <textarea id={fid} rows={3} value={text} onChange={(e) => setConfig(f.path, e.target.value)} {...fieldAria(fid, error, true)} />
        ) : (
          <input
            id={fid}
            inputMode={f.type === 'int' ? 'numeric' : undefined}
            placeholder={placeholder}
            value={text}
            onChange={(e) => setConfig(f.path, e.target.value)}
            {...fieldAria(fid, error, true)}
          />
        )}
      </AdminField>
    );
  };
  const webhookNote =
    form.kind === 'cdevents' ? (
      <p className="field-hint muted">
        CDEvents are pushed to Bearing: point the emitter at {source?.webhookPath ? <code>{source.webhookPath}</code> : 'the webhook path shown once the source exists'} with
        an API token holding the <code>ingest</code> scope (Admin → API tokens).
      </p>
    ) : source?.webhookPath ? (
      <p className="field-hint muted">
        Webhook: <code>{source.webhookPath}</code>, signed with the webhook signing secret.
      </p>
    ) : null;
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
        {spec.scheduled ? (
        <AdminField id={`${id}-cron`} label="Schedule (cron)" error={errors.cron} hint="Five fields in the org time zone, e.g. */15 * * * *.">
          <input id={`${id}-cron`} value={form.cron} onChange={(e) => set('cron', e.target.value)} {...fieldAria(`${id}-cron`, errors.cron, true)} />
        </AdminField>
        ) : null}
      </div>
      {basic.length ? (
        <fieldset className="admin-form__checks">
          <legend>{spec.label} settings</legend>
          <div className="admin-form__grid">{basic.map(field)}</div>
        </fieldset>
      ) : null}
      {advanced.length ? (
        <details className="admin-form__more">
          <summary>More options</summary>
          <div className="admin-form__grid">{advanced.map(field)}</div>
        </details>
      ) : null}
      {webhookNote}
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
