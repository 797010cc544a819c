import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { auditKeys } from '../../api/audit.queries';
import { isApiError } from '../../api/http';
import { createUser, updateUser, type UserView } from '../../api/users';
import { userKeys, usersQueryOptions } from '../../api/users.queries';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { toCsv } from '../../lib/csv';
import { formatDateTime, humanizeKey } from '../../lib/format';
import {
  EMPTY_USER_FORM,
  fieldErrorFrom,
  toCreateUserBody,
  toUpdateUserBody,
  userCsvColumns,
  userToForm,
  USER_SERVER_FIELDS,
  type FieldErrors,
  type UserField,
  type UserForm,
} from './adminForms';
import { UserEditor } from './UserEditor';

export interface UsersPanelProps {
  timeZone: string;
  /** the signed-in admin, who may not disable themselves here */
  currentUserId: string | null;
}

type Editing = { mode: 'create' } | { mode: 'edit'; user: UserView } | null;

/** Users with roles and scopes: create, edit, disable and enable (`/api/v1/users`). */
export function UsersPanel({ timeZone, currentUserId }: UsersPanelProps) {
  const queryClient = useQueryClient();
  const users = useQuery(usersQueryOptions());
  const [editing, setEditing] = useState<Editing>(null);
  const [errors, setErrors] = useState<FieldErrors<UserField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; password?: string } | null>(null);

  const afterWrite = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: userKeys.all }),
      queryClient.invalidateQueries({ queryKey: auditKeys.all }),
    ]);
  const failed = (error: unknown) => {
    const field = fieldErrorFrom(error, USER_SERVER_FIELDS);
    if (field) setErrors({ [field.field]: field.message });
    else setFormError(error instanceof Error ? error.message : 'The change was not saved.');
  };

  const save = useMutation({
    mutationFn: async (form: UserForm) => {
      if (editing?.mode === 'edit') {
        const result = toUpdateUserBody(editing.user, form);
        if (!result.ok) return { errors: result.errors };
        if (Object.keys(result.body).length === 0) return { text: 'Nothing changed.' };
        const user = await updateUser(editing.user.id, result.body);
        return { text: `Saved ${user.email}.` };
      }
      const result = toCreateUserBody(form);
      if (!result.ok) return { errors: result.errors };
      const created = await createUser(result.body);
      return { text: `Created ${created.user.email}.`, password: created.password };
    },
    onMutate: () => {
      setErrors({});
      setFormError(null);
    },
    onSuccess: async (outcome) => {
      if ('errors' in outcome && outcome.errors) {
        setErrors(outcome.errors);
        return;
      }
      setEditing(null);
      setNotice({ text: outcome.text ?? 'Saved.', password: outcome.password });
      await afterWrite();
    },
    onError: failed,
  });

  const toggle = useMutation({
    mutationFn: (user: UserView) => updateUser(user.id, { disabled: !user.disabled }),
    onSuccess: async (user) => {
      setNotice({ text: `${user.email} is now ${user.disabled ? 'disabled (their sessions ended)' : 'enabled'}.` });
      await afterWrite();
    },
    onError: (error) =>
      setNotice({ text: isApiError(error) ? error.message : 'The change was not saved.' }),
  });

  const open = (next: Editing) => {
    setEditing(next);
    setErrors({});
    setFormError(null);
    setNotice(null);
  };
  const list = [...(users.data?.users ?? [])].sort((a, b) => a.email.localeCompare(b.email));

  return (
    <section className="panel panel--table" aria-labelledby="admin-users">
      <div className="panel__header">
        <h2 id="admin-users">Users</h2>
        <div className="panel__actions">
          <button type="button" className="button" onClick={() => open({ mode: 'create' })} disabled={editing?.mode === 'create'}>
            New user
          </button>
          <DownloadCsvButton filename="bearing-users.csv" getCsv={() => toCsv(userCsvColumns, list)} disabled={list.length === 0} />
        </div>
      </div>
      <p className="panel__intro">
        Directors see their groups, squad leads and viewers their squads; VPs, practice leads and
        admins the whole organisation. Disabling a user ends their sessions at once.
      </p>
      {notice ? (
        <div className="inline-alert" role="status">
          <p>{notice.text}</p>
          {notice.password ? (
            <p>
              Generated password (shown once, pass it on securely): <code className="secret">{notice.password}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      {editing ? (
        <UserEditor
          key={editing.mode === 'edit' ? editing.user.id : 'new'}
          user={editing.mode === 'edit' ? editing.user : null}
          initial={editing.mode === 'edit' ? userToForm(editing.user) : EMPTY_USER_FORM}
          saving={save.isPending}
          errors={errors}
          formError={formError}
          onSubmit={(form) => save.mutate(form)}
          onCancel={() => open(null)}
        />
      ) : null}
      {users.isPending ? <LoadingState label="Loading users…" minHeight={160} /> : null}
      {users.isError ? <ErrorState error={users.error} what="users" onRetry={() => void users.refetch()} /> : null}
      {users.isSuccess && list.length === 0 ? <EmptyState title="No users yet" /> : null}
      {users.isSuccess && list.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Users">
          <table className="data-table data-table--compact">
            <caption className="visually-hidden">Users with their roles and scopes</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Roles</th>
                <th scope="col">Groups</th>
                <th scope="col">Squads</th>
                <th scope="col">Sign-in</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((user) => (
                <tr key={user.id}>
                  <th scope="row">
                    {user.name}
                    <br />
                    <span className="muted">{user.email}</span>
                  </th>
                  <td>{user.roles.map(humanizeKey).join(', ')}</td>
                  <td>{user.groups.join(', ') || <span className="muted">—</span>}</td>
                  <td>{user.squads.join(', ') || <span className="muted">—</span>}</td>
                  <td>{[user.hasPassword ? 'password' : null, user.oidcLinked ? 'SSO' : null].filter(Boolean).join(', ') || '—'}</td>
                  <td>{user.lastLoginAt ? formatDateTime(user.lastLoginAt, timeZone) : <span className="muted">never</span>}</td>
                  <td>{user.disabled ? <span className="tag">disabled</span> : 'active'}</td>
                  <td className="admin-actions">
                    <button type="button" className="link-button" onClick={() => open({ mode: 'edit', user })}>
                      Edit<span className="visually-hidden"> {user.email}</span>
                    </button>
                    {user.id === currentUserId ? null : (
                      <button
                        type="button"
                        className="link-button"
                        disabled={toggle.isPending}
                        onClick={() => toggle.mutate(user)}
                      >
                        {user.disabled ? 'Enable' : 'Disable'}
                        <span className="visually-hidden"> {user.email}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
