import type { PersonView } from '@bearing/shared';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useId, useMemo, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/http';
import { mergePeople } from '../../api/people';
import { peopleInfiniteQueryOptions } from '../../api/people.queries';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { toCsv } from '../../lib/csv';
import { plural } from '../../lib/format';
import { AdminField, fieldAria } from './AdminField';
import { identitiesOf, identityText, mergeNotice, mergeTarget, peopleCsvColumns } from './people';

/**
 * People and their accounts (emails, GitHub/PagerDuty/… logins). When one human has two person
 * records (two accounts that were never linked), merge one into the other: its identities and
 * records move to the person kept, and the metrics are recomputed.
 */
export function PeoplePanel() {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const query = useDeferredValue(search.trim());
  const people = useInfiniteQuery(peopleInfiniteQueryOptions({ query, limit: 50 }));
  const pages = people.data?.pages;
  const rows = useMemo(() => (pages ?? []).flatMap((p) => p.rows), [pages]);
  const [merging, setMerging] = useState<PersonView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const searchId = useId();

  const merge = useMutation({
    mutationFn: ({ from, into }: { from: string; into: string }) => mergePeople(from, into),
    onSuccess: async (result) => {
      setMerging(null);
      setNotice(mergeNotice(result));
      // identities and every metric may change
      await queryClient.invalidateQueries();
    },
  });

  return (
    <section className="panel panel--table" aria-labelledby="admin-people" data-testid="people">
      <div className="panel__header">
        <h2 id="admin-people">People and identities</h2>
        <DownloadCsvButton filename="bearing-people.csv" getCsv={() => toCsv(peopleCsvColumns, rows)} disabled={rows.length === 0} />
      </div>
      <p className="panel__intro">
        Each person’s accounts: commits, PRs, reviews and incidents are matched to a person by these
        emails and logins. When one person shows up twice, merge the extra record into the one to keep.
      </p>
      <div className="form-field">
        <label htmlFor={searchId}>Search people</label>
        <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name, key, email or login" />
      </div>
      {notice ? (
        <div className="inline-alert" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {merging ? (
        <MergeForm
          key={merging.key}
          person={merging}
          saving={merge.isPending}
          serverError={merge.error}
          onMerge={(into) => merge.mutate({ from: merging.key, into })}
          onCancel={() => {
            setMerging(null);
            merge.reset();
          }}
        />
      ) : null}
      {people.isPending ? <LoadingState label="Loading people…" minHeight={120} /> : null}
      {people.isError && rows.length === 0 ? <ErrorState error={people.error} what="people" onRetry={() => void people.refetch()} /> : null}
      {people.isSuccess && rows.length === 0 ? (
        <EmptyState title={query ? `No one matches “${query}”` : 'No people yet'}>
          {query ? 'Search by name, key, email or login.' : 'People come from NDJSON person records or the connectors.'}
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="People">
            <table className="data-table data-table--compact drill-table">
              <caption className="visually-hidden">People with their accounts, squads and roles</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Accounts</th>
                  <th scope="col">Squads</th>
                  <th scope="col">Roles</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.key}>
                    <th scope="row">
                      {p.name}
                      <div className="muted">
                        <code>{p.key}</code>
                      </div>
                    </th>
                    <td>{p.kind}</td>
                    <td className="wrap">
                      {identitiesOf(p).length ? (
                        <ul className="plain-list">
                          {identitiesOf(p).map((i) => (
                            <li key={`${i.source}:${i.value}`}>{identityText(i)}</li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">none</span>
                      )}
                    </td>
                    <td>{p.squads.join(', ') || <span className="muted">—</span>}</td>
                    <td>{p.roles.join(', ') || <span className="muted">—</span>}</td>
                    <td className="admin-actions">
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => {
                          merge.reset();
                          setNotice(null);
                          setMerging(p);
                        }}
                      >
                        Merge into…<span className="visually-hidden"> ({p.name}, {p.key})</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="load-more">
            <p className="muted" role="status">
              Showing {plural(rows.length, 'person', 'people')}
              {people.hasNextPage ? ' (more available)' : ''}.
            </p>
            {people.hasNextPage ? (
              <button type="button" className="button" onClick={() => void people.fetchNextPage()} disabled={people.isFetchingNextPage}>
                {people.isFetchingNextPage ? 'Loading…' : 'Load more people'}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}

interface MergeFormProps {
  person: PersonView;
  saving: boolean;
  serverError: unknown;
  onMerge: (into: string) => void;
  onCancel: () => void;
}

/** Pick the person to keep, then confirm. */
function MergeForm({ person, saving, serverError, onMerge, onCancel }: MergeFormProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<PersonView | null>(null);
  const lookup = useDeferredValue(text.split(' — ')[0]!.trim());
  const candidates = useInfiniteQuery(peopleInfiniteQueryOptions({ query: lookup, limit: 20 }));
  const known = useMemo(() => (candidates.data?.pages ?? []).flatMap((p) => p.rows).filter((p) => p.key !== person.key), [candidates.data, person.key]);
  const review = (event: FormEvent) => {
    event.preventDefault();
    const target = mergeTarget(text, person.key, candidates.isSuccess ? known : []);
    if (!target.ok) return setError(target.error);
    setError(null);
    setConfirming(known.find((p) => p.key === target.key) ?? { ...person, key: target.key, name: target.key, emails: [], logins: {} });
  };
  const apiMessage = serverError ? (isApiError(serverError) ? serverError.message : 'The merge failed.') : null;
  return (
    <form className="admin-form" onSubmit={review} noValidate aria-label={`Merge ${person.name}`}>
      <p>
        Merge <strong>{person.name}</strong> (<code>{person.key}</code>; {identitiesOf(person).map(identityText).join(', ') || 'no accounts'}) into another person.
      </p>
      {confirming ? (
        <div className="inline-alert" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            Keep <strong>{confirming.name}</strong> (<code>{confirming.key}</code>) and delete <code>{person.key}</code>? Its emails and logins move to{' '}
            {confirming.name}, its commits, PRs, reviews and sessions are re-attributed, and the metrics are recomputed. This cannot be undone.
          </p>
          {apiMessage ? <p className="form-error" role="alert">{apiMessage}</p> : null}
          <div className="admin-form__actions">
            <button type="button" className="button" disabled={saving} onClick={() => onMerge(confirming.key)}>
              {saving ? 'Merging…' : `Merge into ${confirming.key}`}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(null)}>
              Back
            </button>
          </div>
        </div>
      ) : (
        <>
          <AdminField id={`${id}-into`} label="Person to keep" error={error ?? undefined} hint="Type to search by name, key, email or login, then pick one.">
            <input id={`${id}-into`} list={`${id}-candidates`} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" {...fieldAria(`${id}-into`, error ?? undefined, true)} />
          </AdminField>
          <datalist id={`${id}-candidates`}>
            {known.map((p) => (
              <option key={p.key} value={`${p.key} — ${p.name}`} />
            ))}
          </datalist>
          <div className="admin-form__actions">
            <button type="submit" className="button">
              Review merge
            </button>
            <button type="button" className="button button--secondary" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      )}
    </form>
  );
}
