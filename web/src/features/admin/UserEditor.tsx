import { useId, useState, type FormEvent } from 'react';
import { ROLES } from '../../api/auth';
import type { UserView } from '../../api/users';
import { humanizeKey } from '../../lib/format';
import { AdminField, fieldAria } from './AdminField';
import type { FieldErrors, UserField, UserForm } from './adminForms';

export interface UserEditorProps {
  /** the user being edited; null → a new user */
  user: UserView | null;
  initial: UserForm;
  saving: boolean;
  /** errors from the client check or the server's 400 */
  errors: FieldErrors<UserField>;
  formError: string | null;
  onSubmit: (form: UserForm) => void;
  onCancel: () => void;
}

/** Create or edit a user: name, email (new users), password, roles, group and squad scopes. */
export function UserEditor({ user, initial, saving, errors, formError, onSubmit, onCancel }: UserEditorProps) {
  const id = useId();
  const [form, setForm] = useState<UserForm>(initial);
  const set = <K extends keyof UserForm>(key: K, value: UserForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(form);
  };
  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-label={user ? `Edit ${user.email}` : 'New user'}>
      <div className="admin-form__grid">
        {user ? null : (
          <AdminField id={`${id}-email`} label="Email" error={errors.email}>
            <input
              id={`${id}-email`}
              type="email"
              autoComplete="off"
              value={form.email}
              onChange={(e) => set('email', e.target.value)}
              {...fieldAria(`${id}-email`, errors.email)}
            />
          </AdminField>
        )}
        <AdminField id={`${id}-name`} label="Name" error={errors.name}>
          <input id={`${id}-name`} value={form.name} onChange={(e) => set('name', e.target.value)} {...fieldAria(`${id}-name`, errors.name)} />
        </AdminField>
        <AdminField
          id={`${id}-password`}
          label={user ? 'New password' : 'Password'}
          error={errors.password}
          hint={user ? 'Leave empty to keep the current one; a new one ends their sessions.' : 'Leave empty and the server generates one, shown once.'}
        >
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => set('password', e.target.value)}
            {...fieldAria(`${id}-password`, errors.password, true)}
          />
        </AdminField>
        <AdminField id={`${id}-groups`} label="Groups" error={errors.groups} hint="Group keys, comma-separated (directors).">
          <input id={`${id}-groups`} value={form.groups} onChange={(e) => set('groups', e.target.value)} {...fieldAria(`${id}-groups`, errors.groups, true)} />
        </AdminField>
        <AdminField id={`${id}-squads`} label="Squads" error={errors.squads} hint="Squad keys, comma-separated (squad leads, viewers).">
          <input id={`${id}-squads`} value={form.squads} onChange={(e) => set('squads', e.target.value)} {...fieldAria(`${id}-squads`, errors.squads, true)} />
        </AdminField>
      </div>
      <fieldset className="admin-form__checks" aria-describedby={errors.roles ? `${id}-roles-error` : undefined}>
        <legend>Roles</legend>
        {ROLES.map((role) => (
          <label key={role}>
            <input
              type="checkbox"
              checked={form.roles.includes(role)}
              onChange={(e) => set('roles', e.target.checked ? [...form.roles, role] : form.roles.filter((r) => r !== role))}
            />{' '}
            {humanizeKey(role)}
          </label>
        ))}
        {errors.roles ? (
          <p className="field-error" id={`${id}-roles-error`} role="alert">
            Roles: {errors.roles}
          </p>
        ) : null}
      </fieldset>
      {formError ? <p className="form-error" role="alert">{formError}</p> : null}
      <div className="admin-form__actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? 'Saving…' : user ? 'Save changes' : 'Create user'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
