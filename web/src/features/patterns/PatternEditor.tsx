import type { PatternEntry } from '@bearing/shared';
import { useId, useState, type FormEvent } from 'react';
import { AdminField, fieldAria } from '../admin/AdminField';
import type { FieldErrors } from '../admin/adminForms';
import type { PatternField, PatternForm } from './patternForms';

export interface PatternEditorProps {
  /** create, edit, or retire (only the migration note and replacement) */
  mode: 'create' | 'edit' | 'retire';
  pattern: PatternEntry | null;
  initial: PatternForm;
  saving: boolean;
  errors: FieldErrors<PatternField>;
  formError: string | null;
  onSubmit: (form: PatternForm) => void;
  onCancel: () => void;
}

/** Create or edit a library entry, or retire one with its required migration note. */
export function PatternEditor({ mode, pattern, initial, saving, errors, formError, onSubmit, onCancel }: PatternEditorProps) {
  const id = useId();
  const [form, setForm] = useState<PatternForm>(initial);
  const set = (key: keyof PatternForm, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(form);
  };
  const name = mode === 'create' ? 'New pattern' : mode === 'edit' ? `Edit ${pattern?.key}` : `Retire ${pattern?.key}`;
  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-label={name}>
      <h3>{name}</h3>
      <div className="admin-form__grid">
        {mode === 'create' ? (
          <AdminField id={`${id}-key`} label="Key" error={errors.key} hint="As PRs cite it, e.g. PAT-014.">
            <input id={`${id}-key`} value={form.key} onChange={(e) => set('key', e.target.value)} {...fieldAria(`${id}-key`, errors.key, true)} />
          </AdminField>
        ) : null}
        {mode !== 'retire' ? (
          <>
            <AdminField id={`${id}-title`} label="Title" error={errors.title}>
              <input id={`${id}-title`} value={form.title} onChange={(e) => set('title', e.target.value)} {...fieldAria(`${id}-title`, errors.title)} />
            </AdminField>
            <AdminField id={`${id}-path`} label="File path" error={errors.path} hint="Optional: where the pattern lives, e.g. docs/patterns/PAT-014.md.">
              <input id={`${id}-path`} value={form.path} onChange={(e) => set('path', e.target.value)} {...fieldAria(`${id}-path`, errors.path, true)} />
            </AdminField>
          </>
        ) : null}
        <AdminField id={`${id}-replaced`} label="Replaced by" error={errors.replacedBy} hint="Optional: the key of the pattern to use instead.">
          <input id={`${id}-replaced`} value={form.replacedBy} onChange={(e) => set('replacedBy', e.target.value)} {...fieldAria(`${id}-replaced`, errors.replacedBy, true)} />
        </AdminField>
      </div>
      <AdminField
        id={`${id}-note`}
        label={mode === 'retire' ? 'Migration note (required)' : 'Migration note'}
        error={errors.migrationNote}
        hint={mode === 'retire' ? 'What PRs citing this pattern should do instead; shown in the migration list.' : 'Optional.'}
      >
        <textarea
          id={`${id}-note`}
          rows={3}
          value={form.migrationNote}
          required={mode === 'retire'}
          onChange={(e) => set('migrationNote', e.target.value)}
          {...fieldAria(`${id}-note`, errors.migrationNote, true)}
        />
      </AdminField>
      {formError ? <p className="form-error" role="alert">{formError}</p> : null}
      <div className="admin-form__actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? 'Saving…' : mode === 'create' ? 'Create pattern' : mode === 'edit' ? 'Save changes' : 'Retire pattern'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
