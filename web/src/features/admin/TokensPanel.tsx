import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { auditKeys } from '../../api/audit.queries';
import { createToken, revokeToken, TOKEN_SCOPES, type TokenView } from '../../api/tokens';
import { tokenKeys, tokensQueryOptions } from '../../api/tokens.queries';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { toCsv } from '../../lib/csv';
import { formatDateTime } from '../../lib/format';
import { AdminField, fieldAria } from './AdminField';
import {
  EMPTY_TOKEN_FORM,
  fieldErrorFrom,
  toCreateTokenBody,
  tokenCsvColumns,
  tokenStatus,
  TOKEN_SERVER_FIELDS,
  type FieldErrors,
  type TokenField,
  type TokenForm,
} from './adminForms';

const SCOPE_HELP: Record<string, string> = {
  ingest: 'POST /import and webhooks',
  read: 'every read route, whole org',
  admin: 'everything',
};

export interface TokensPanelProps {
  timeZone: string;
}

/** API tokens: list, create (the secret shown once), revoke (`/api/v1/tokens`). */
export function TokensPanel({ timeZone }: TokensPanelProps) {
  const id = useId();
  const queryClient = useQueryClient();
  const tokens = useQuery(tokensQueryOptions());
  const [form, setForm] = useState<TokenForm>(EMPTY_TOKEN_FORM);
  const [errors, setErrors] = useState<FieldErrors<TokenField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const afterWrite = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
      queryClient.invalidateQueries({ queryKey: auditKeys.all }),
    ]);

  const create = useMutation({
    mutationFn: createToken,
    onSuccess: async (answer) => {
      setSecret({ name: answer.token.name, secret: answer.secret });
      setCopied(null);
      setForm(EMPTY_TOKEN_FORM);
      await afterWrite();
    },
    onError: (error) => {
      const field = fieldErrorFrom(error, TOKEN_SERVER_FIELDS);
      if (field) setErrors({ [field.field]: field.message });
      else setFormError(error instanceof Error ? error.message : 'The token was not created.');
    },
  });

  const revoke = useMutation({
    mutationFn: (token: TokenView) => revokeToken(token.id),
    onSettled: async () => {
      setConfirming(null);
      await afterWrite();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    const result = toCreateTokenBody(form);
    if (!result.ok) setErrors(result.errors);
    else create.mutate(result.body);
  };

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  const list = [...(tokens.data?.tokens ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <section className="panel panel--table" aria-labelledby="admin-tokens">
      <div className="panel__header">
        <h2 id="admin-tokens">API tokens</h2>
        <DownloadCsvButton filename="bearing-api-tokens.csv" getCsv={() => toCsv(tokenCsvColumns, list)} disabled={list.length === 0} />
      </div>
      <p className="panel__intro">
        For scripts and CI: send as <code>Authorization: Bearer &lt;secret&gt;</code>. Revoking a
        token stops it at once.
      </p>

      {secret ? (
        <div className="inline-alert secret-box" role="status">
          <p>
            <strong>Copy the secret of &ldquo;{secret.name}&rdquo; now: it is shown only once.</strong>{' '}
            Bearing keeps only a hash; if it is lost, revoke the token and create another.
          </p>
          <p>
            <code className="secret">{secret.secret}</code>{' '}
            <button type="button" className="button button--secondary" onClick={() => void copy()}>
              Copy
            </button>{' '}
            <button type="button" className="button button--secondary" onClick={() => setSecret(null)}>
              I have stored it
            </button>
          </p>
          {copied === 'yes' ? <p>Copied to the clipboard.</p> : null}
          {copied === 'failed' ? <p>The browser refused the clipboard: select the secret and copy it by hand.</p> : null}
        </div>
      ) : null}

      <form className="admin-form" onSubmit={submit} noValidate aria-label="New API token">
        <div className="admin-form__grid">
          <AdminField id={`${id}-name`} label="Token name" error={errors.name}>
            <input
              id={`${id}-name`}
              value={form.name}
              maxLength={100}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
              {...fieldAria(`${id}-name`, errors.name)}
            />
          </AdminField>
          <AdminField id={`${id}-expires`} label="Expires on (optional)" error={errors.expiresAt} hint="Empty: never expires.">
            <input
              id={`${id}-expires`}
              type="date"
              value={form.expiresOn}
              onChange={(e) => setForm({ ...form, expiresOn: e.target.value })}
              {...fieldAria(`${id}-expires`, errors.expiresAt, true)}
            />
          </AdminField>
        </div>
        <fieldset className="admin-form__checks">
          <legend>Scopes</legend>
          {TOKEN_SCOPES.map((scope) => (
            <label key={scope}>
              <input
                type="checkbox"
                checked={form.scopes.includes(scope)}
                onChange={(e) =>
                  setForm({
                    ...form,
                    scopes: e.target.checked ? [...form.scopes, scope] : form.scopes.filter((s) => s !== scope),
                  })
                }
              />{' '}
              {scope} <span className="muted">({SCOPE_HELP[scope]})</span>
            </label>
          ))}
          {errors.scopes ? <p className="field-error" role="alert">Scopes: {errors.scopes}</p> : null}
        </fieldset>
        {formError ? <p className="form-error" role="alert">{formError}</p> : null}
        <div className="admin-form__actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>

      {revoke.isError ? (
        <p className="form-error" role="alert">
          {revoke.error instanceof Error ? revoke.error.message : 'The token was not revoked.'}
        </p>
      ) : null}
      {tokens.isPending ? <LoadingState label="Loading API tokens…" minHeight={120} /> : null}
      {tokens.isError ? <ErrorState error={tokens.error} what="API tokens" onRetry={() => void tokens.refetch()} /> : null}
      {tokens.isSuccess && list.length === 0 ? (
        <EmptyState title="No API tokens yet">Create one above for an import script or CI job.</EmptyState>
      ) : null}
      {tokens.isSuccess && list.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="API tokens">
          <table className="data-table data-table--compact">
            <caption className="visually-hidden">API tokens, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((token) => {
                const status = tokenStatus(token);
                return (
                  <tr key={token.id}>
                    <th scope="row">{token.name}</th>
                    <td><code>{token.prefix}…</code></td>
                    <td>{token.scopes.join(', ')}</td>
                    <td>
                      {formatDateTime(token.createdAt, timeZone)}
                      {token.createdBy ? <span className="muted"> by {token.createdBy}</span> : null}
                    </td>
                    <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt, timeZone) : <span className="muted">never</span>}</td>
                    <td>{token.expiresAt ? formatDateTime(token.expiresAt, timeZone) : <span className="muted">never</span>}</td>
                    <td>{status === 'active' ? 'active' : <span className="tag">{status}</span>}</td>
                    <td className="admin-actions">
                      {status === 'revoked' ? null : confirming === token.id ? (
                        <>
                          <button type="button" className="button" disabled={revoke.isPending} onClick={() => revoke.mutate(token)}>
                            Confirm revoke<span className="visually-hidden"> {token.name}</span>
                          </button>
                          <button type="button" className="link-button" onClick={() => setConfirming(null)}>
                            Keep
                          </button>
                        </>
                      ) : (
                        <button type="button" className="link-button" onClick={() => setConfirming(token.id)}>
                          Revoke<span className="visually-hidden"> {token.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
