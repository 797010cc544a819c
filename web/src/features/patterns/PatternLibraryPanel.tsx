import type { PatternEntry, ScopeParam } from '@bearing/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { auditKeys } from '../../api/audit.queries';
import { metricKeys } from '../../api/metrics.queries';
import { createPattern, editPattern, retirePattern } from '../../api/patterns';
import { patternKeys, patternsQueryOptions } from '../../api/patterns.queries';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { toCsv, type CsvColumn } from '../../lib/csv';
import { formatDateTime } from '../../lib/format';
import { fieldErrorFrom, type FieldErrors } from '../admin/adminForms';
import {
  EMPTY_PATTERN_FORM,
  PATTERN_SERVER_FIELDS,
  patternToForm,
  sortLibrary,
  toCreatePatternBody,
  toEditPatternBody,
  toRetirePatternBody,
  type PatternField,
  type PatternForm,
} from './patternForms';
import { PatternEditor } from './PatternEditor';

export interface PatternLibraryPanelProps {
  /** practice leads and admins may write; everyone else sees the list only */
  canWrite: boolean;
  timeZone: string;
  /** the period the citation counts are for */
  query: { scope: ScopeParam; from: string; to: string };
}

type Editing = { mode: 'create' } | { mode: 'edit' | 'retire'; pattern: PatternEntry } | null;

const libraryCsv: CsvColumn<PatternEntry>[] = [
  { header: 'key', value: (p) => p.key },
  { header: 'title', value: (p) => p.title },
  { header: 'status', value: (p) => p.status },
  { header: 'path', value: (p) => p.path },
  { header: 'replaced_by', value: (p) => p.replacedBy },
  { header: 'migration_note', value: (p) => p.migrationNote },
  { header: 'created_at', value: (p) => p.createdAt },
  { header: 'retired_at', value: (p) => p.retiredAt },
];

/** The pattern library: every entry, and for practice leads and admins create, edit and retire. */
export function PatternLibraryPanel({ canWrite, timeZone, query }: PatternLibraryPanelProps) {
  const queryClient = useQueryClient();
  const patterns = useQuery(patternsQueryOptions(query));
  const [editing, setEditing] = useState<Editing>(null);
  const [errors, setErrors] = useState<FieldErrors<PatternField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = sortLibrary(patterns.data?.patterns ?? []);

  const open = (next: Editing) => {
    setEditing(next);
    setErrors({});
    setFormError(null);
    setNotice(null);
  };

  const save = useMutation({
    mutationFn: async (form: PatternForm): Promise<{ errors: FieldErrors<PatternField> } | { text: string }> => {
      if (editing?.mode === 'edit') {
        const result = toEditPatternBody(editing.pattern, form);
        if (!result.ok) return { errors: result.errors };
        if (Object.keys(result.body).length === 0) return { text: 'Nothing changed.' };
        const saved = await editPattern(editing.pattern.key, result.body);
        return { text: `Saved ${saved.key}.` };
      }
      if (editing?.mode === 'retire') {
        const result = toRetirePatternBody(editing.pattern.key, form);
        if (!result.ok) return { errors: result.errors };
        const saved = await retirePattern(editing.pattern.key, result.body);
        return { text: `Retired ${saved.key}. PRs citing it from now on appear in the migration list.` };
      }
      const result = toCreatePatternBody(form);
      if (!result.ok) return { errors: result.errors };
      const saved = await createPattern(result.body);
      return { text: `Created ${saved.key}.` };
    },
    onMutate: () => {
      setErrors({});
      setFormError(null);
    },
    onSuccess: async (outcome) => {
      if ('errors' in outcome) {
        setErrors(outcome.errors);
        return;
      }
      setEditing(null);
      setNotice(outcome.text);
      // citations are classified against the library: counts and metrics change with it
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: patternKeys.all }),
        queryClient.invalidateQueries({ queryKey: metricKeys.all }),
        queryClient.invalidateQueries({ queryKey: auditKeys.all }),
      ]);
    },
    onError: (error) => {
      const field = fieldErrorFrom(error, PATTERN_SERVER_FIELDS);
      if (field) setErrors({ [field.field]: field.message });
      else setFormError(error instanceof Error ? error.message : 'The change was not saved.');
    },
  });

  return (
    <section className="panel panel--table" aria-labelledby="pattern-library" data-testid="pattern-library">
      <div className="panel__header">
        <h2 id="pattern-library">Pattern library</h2>
        <div className="panel__actions">
          {canWrite ? (
            <button type="button" className="button" onClick={() => open({ mode: 'create' })} disabled={editing?.mode === 'create'}>
              New pattern
            </button>
          ) : null}
          <DownloadCsvButton filename="bearing-pattern-library.csv" getCsv={() => toCsv(libraryCsv, list)} disabled={list.length === 0} />
        </div>
      </div>
      <p className="panel__intro">
        The code patterns PRs cite by key. Retire a pattern with a migration note rather than
        deleting it: PRs still citing it then show up in the migration list.
        {canWrite ? null : ' Practice leads and admins can change the library.'}
      </p>
      {notice ? (
        <div className="inline-alert" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {editing && canWrite ? (
        <PatternEditor
          key={editing.mode === 'create' ? 'new' : `${editing.mode}-${editing.pattern.key}`}
          mode={editing.mode}
          pattern={editing.mode === 'create' ? null : editing.pattern}
          initial={editing.mode === 'create' ? EMPTY_PATTERN_FORM : editing.mode === 'retire' ? { ...patternToForm(editing.pattern), migrationNote: '' } : patternToForm(editing.pattern)}
          saving={save.isPending}
          errors={errors}
          formError={formError}
          onSubmit={(form) => save.mutate(form)}
          onCancel={() => open(null)}
        />
      ) : null}
      {patterns.isPending ? <LoadingState label="Loading the pattern library…" minHeight={160} /> : null}
      {patterns.isError ? <ErrorState error={patterns.error} what="the pattern library" onRetry={() => void patterns.refetch()} /> : null}
      {patterns.isSuccess && list.length === 0 ? (
        <EmptyState title="The pattern library is empty">
          {canWrite ? 'Add the first pattern with “New pattern”, or ' : 'An admin or practice lead can add patterns, or '}
          sync them from a repository folder (a git source with a patterns path).
        </EmptyState>
      ) : null}
      {list.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Pattern library entries">
          <table className="data-table data-table--compact drill-table">
            <caption className="visually-hidden">Pattern library entries</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Title</th>
                <th scope="col">Status</th>
                <th scope="col">Migration</th>
                <th scope="col">Changed</th>
                {canWrite ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.key}>
                  <th scope="row">
                    <code>{p.key}</code>
                  </th>
                  <td className="wrap">
                    {p.title}
                    {p.path ? <div className="muted">{p.path}</div> : null}
                  </td>
                  <td>{p.status === 'retired' ? <span className="tag">retired</span> : 'active'}</td>
                  <td className="wrap">
                    {p.replacedBy ? <>→ <code>{p.replacedBy}</code> </> : null}
                    {p.migrationNote ?? (p.replacedBy ? null : <span className="muted">—</span>)}
                  </td>
                  <td>{formatDateTime(p.retiredAt ?? p.updatedAt ?? p.createdAt, timeZone)}</td>
                  {canWrite ? (
                    <td className="admin-actions">
                      <button type="button" className="link-button" onClick={() => open({ mode: 'edit', pattern: p })}>
                        Edit<span className="visually-hidden"> {p.key}</span>
                      </button>
                      {p.status === 'active' ? (
                        <button type="button" className="link-button" onClick={() => open({ mode: 'retire', pattern: p })}>
                          Retire<span className="visually-hidden"> {p.key}</span>
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
