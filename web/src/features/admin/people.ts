import type { MergePeopleResponse, PersonView } from '@bearing/shared';
import type { CsvColumn } from '../../lib/csv';

export interface Identity {
  /** `email`, or the login's source (`github`, `pagerduty`, …; `github:2` → `github`) */
  source: string;
  value: string;
}

/** A person's accounts: emails first, then logins by source (numbered extra accounts under their source). */
export function identitiesOf(person: Pick<PersonView, 'emails' | 'logins'>): Identity[] {
  const logins = Object.entries(person.logins)
    .map(([source, value]) => ({ source: source.replace(/:\d+$/, ''), value, order: source }))
    .sort((a, b) => a.source.localeCompare(b.source) || a.order.localeCompare(b.order, undefined, { numeric: true }))
    .map(({ source, value }) => ({ source, value }));
  return [...person.emails.map((value) => ({ source: 'email', value })), ...logins];
}

/** "github: ana-alt" */
export const identityText = (i: Identity): string => (i.source === 'email' ? i.value : `${i.source}: ${i.value}`);

/** The target of a merge typed as a key (or picked from "key — name"), or why it cannot be. */
export function mergeTarget(input: string, merging: string, known: readonly Pick<PersonView, 'key' | 'name'>[]): { ok: true; key: string } | { ok: false; error: string } {
  const key = input.split(' — ')[0]!.trim();
  if (!key) return { ok: false, error: 'pick the person to keep' };
  if (key === merging) return { ok: false, error: 'a person cannot be merged into themselves' };
  if (known.length && !known.some((p) => p.key === key)) return { ok: false, error: `no person "${key}" in the list: search for them first` };
  return { ok: true, key };
}

/** "Merged ana-gh into ana: 4 records re-pointed." */
export function mergeNotice(result: MergePeopleResponse): string {
  const n = Object.values(result.moved).reduce((s, x) => s + x, 0);
  return `Merged ${result.merged} into ${result.person.key}: ${n} ${n === 1 ? 'record' : 'records'} re-pointed; metrics recomputed.`;
}

export const peopleCsvColumns: CsvColumn<PersonView>[] = [
  { header: 'key', value: (p) => p.key },
  { header: 'name', value: (p) => p.name },
  { header: 'kind', value: (p) => p.kind },
  { header: 'emails', value: (p) => p.emails.join(' ') },
  { header: 'logins', value: (p) => Object.entries(p.logins).map(([s, l]) => `${s}:${l}`).join(' ') },
  { header: 'squads', value: (p) => p.squads.join(' ') },
  { header: 'roles', value: (p) => p.roles.join(' ') },
];
