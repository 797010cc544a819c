import type { SourceView } from '@bearing/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { auditKeys } from '../../api/audit.queries';
import { isApiError } from '../../api/http';
import { createSource, syncSourceNow, updateSource } from '../../api/sources';
import { sourceKeys, sourcesQueryOptions } from '../../api/sources.queries';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../lib/format';
import type { FieldErrors } from './adminForms';
import { SourceEditor } from './SourceEditor';
import { emptySourceForm, SOURCE_KINDS, sourceFieldFrom, sourceToForm, toSourceInput, type SourceField, type SourceForm } from './sourceForms';

export interface SourcesPanelProps {
  timeZone: string;
}

type Editing = { mode: 'create' } | { mode: 'edit'; source: SourceView } | null;

/** Connectors: status, last and next run, errors, enable/disable, "sync now", create and edit. */
export function SourcesPanel({ timeZone }: SourcesPanelProps) {
  const queryClient = useQueryClient();
  // refreshed every 2 s while a source syncs, so its status and last run follow
  const sources = useQuery({ ...sourcesQueryOptions(), refetchInterval: (query) => (query.state.data?.some((s) => s.status === 'running') ? 2_000 : false) });
  const [editing, setEditing] = useState<Editing>(null);
  const [errors, setErrors] = useState<FieldErrors<SourceField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = [...(sources.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: sourceKeys.all }),
      queryClient.invalidateQueries({ queryKey: auditKeys.all }),
    ]);
  const open = (next: Editing) => {
    setEditing(next);
    setErrors({});
    setFormError(null);
    setNotice(null);
  };

  const save = useMutation({
    mutationFn: async (form: SourceForm) => {
      const current = editing?.mode === 'edit' ? editing.source : null;
      const result = toSourceInput(form, current);
      if (!result.ok) return { errors: result.errors };
      const saved = current ? await updateSource(current.id, result.body) : await createSource(result.body);
      return { text: `${current ? 'Saved' : 'Created'} ${saved.name}.` };
    },
    onMutate: () => {
      setErrors({});
      setFormError(null);
    },
    onSuccess: async (outcome) => {
      if ('errors' in outcome && outcome.errors) return setErrors(outcome.errors);
      setEditing(null);
      setNotice('text' in outcome ? (outcome.text ?? 'Saved.') : 'Saved.');
      await refresh();
    },
    onError: (error, form) => {
      const path = isApiError(error) ? (error.details as { field?: unknown } | undefined)?.field : undefined;
      const field = typeof path === 'string' ? sourceFieldFrom(path, form.kind) : null;
      if (field) setErrors({ [field]: error.message.replace(/^[\w.]+: /, '') });
      else setFormError(error instanceof Error ? error.message : 'The change was not saved.');
    },
  });

  const toggle = useMutation({
    mutationFn: (source: SourceView) => updateSource(source.id, { kind: source.kind, name: source.name, enabled: !source.enabled }),
    onSuccess: async (source) => {
      setNotice(`${source.name} is now ${source.enabled ? 'enabled' : 'disabled'}.`);
      await refresh();
    },
    onError: (error) => setNotice(error instanceof Error ? error.message : 'The change was not saved.'),
  });

  const sync = useMutation({
    mutationFn: (source: SourceView) => syncSourceNow(source.id).then(() => source),
    onSuccess: async (source) => {
      setNotice(`Started a sync of ${source.name}; it appears in the sync-run log below.`);
      await refresh();
    },
    onError: (error) => setNotice(error instanceof Error ? error.message : 'The sync did not start.'),
  });

  return (
    <section className="panel panel--table" aria-labelledby="admin-sources" data-testid="sources">
      <div className="panel__header">
        <h2 id="admin-sources">Sources</h2>
        <div className="panel__actions">
          <button type="button" className="button" onClick={() => open({ mode: 'create' })} disabled={editing?.mode === 'create'}>
            New source
          </button>
        </div>
      </div>
      <p className="panel__intro">
        Each source syncs on its own schedule with its own cursor; one failing never stops another.
        Secrets are write-only.
      </p>
      {notice ? (
        <div className="inline-alert" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {editing ? (
        <SourceEditor
          key={editing.mode === 'edit' ? editing.source.id : 'new'}
          source={editing.mode === 'edit' ? editing.source : null}
          initial={editing.mode === 'edit' ? sourceToForm(editing.source) : emptySourceForm()}
          saving={save.isPending}
          errors={errors}
          formError={formError}
          onSubmit={(form) => save.mutate(form)}
          onCancel={() => open(null)}
        />
      ) : null}
      {sources.isPending ? <LoadingState label="Loading sources…" minHeight={120} /> : null}
      {sources.isError ? <ErrorState error={sources.error} what="sources" onRetry={() => void sources.refetch()} /> : null}
      {sources.isSuccess && list.length === 0 ? (
        <EmptyState title="No sources yet">Add a GitHub, PagerDuty, git or CDEvents source with “New source”.</EmptyState>
      ) : null}
      {list.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Sources">
          <table className="data-table data-table--compact drill-table">
            <caption className="visually-hidden">Sources with their status and schedule</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <th scope="col">Last run</th>
                <th scope="col">Next run</th>
                <th scope="col">Last error</th>
                <th scope="col" className="num">Failures in a row</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    {s.name}
                    <div className="muted">
                      {SOURCE_KINDS[s.kind]?.label ?? s.kind} · {SOURCE_KINDS[s.kind]?.scheduled ? <code>{s.cron}</code> : 'webhook'}
                    </div>
                  </th>
                  <td>
                    <span className={`tag tag--${s.status}`}>{s.status}</span>
                  </td>
                  <td>{s.lastRunAt ? formatDateTime(s.lastRunAt, timeZone) : <span className="muted">never</span>}</td>
                  <td>{s.enabled && s.nextRunAt ? formatDateTime(s.nextRunAt, timeZone) : <span className="muted">—</span>}</td>
                  <td className="wrap">{s.lastError ?? <span className="muted">—</span>}</td>
                  <td className="num">{s.consecutiveFailures}</td>
                  <td className="admin-actions">
                    {SOURCE_KINDS[s.kind]?.scheduled ? (
                      <button type="button" className="link-button" disabled={sync.isPending || s.status === 'running'} onClick={() => sync.mutate(s)}>
                        Sync now<span className="visually-hidden"> {s.name}</span>
                      </button>
                    ) : null}
                    <button type="button" className="link-button" disabled={toggle.isPending} onClick={() => toggle.mutate(s)}>
                      {s.enabled ? 'Disable' : 'Enable'}
                      <span className="visually-hidden"> {s.name}</span>
                    </button>
                    <button type="button" className="link-button" onClick={() => open({ mode: 'edit', source: s })}>
                      Edit<span className="visually-hidden"> {s.name}</span>
                    </button>
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
