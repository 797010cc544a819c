import type { CanonicalRecord, PullRequestRecord } from '@bearing/shared';
import type { StoredPullRequestRow as StoredPullRequest } from '../ingest/ingest.repository.js';


type Field = Exclude<keyof PullRequestRecord, 'type' | 'repo' | 'number' | 'commits'>;

const toRecordValue = (s: StoredPullRequest, f: Field): unknown => {
  const v = s[f];
  return v instanceof Date ? v.toISOString() : v;
};

/**
 * Webhook events may describe a pull request in pieces (CDEvents `change.created`, then
 * `change.merged` without author, branches or opening time): a piece must not undo what an
 * earlier one stored. For each pull request record with a stored row, the fields the event did
 * not carry (`placeholders[i]`, filled with placeholders by the mapper) take the stored value.
 * Records without placeholders are returned unchanged. Pure; the same delivery twice gives the
 * same row.
 */
export function mergePullRequestUpdates(
  records: CanonicalRecord[],
  stored: StoredPullRequest[],
  placeholders: Readonly<Record<number, readonly string[]>> | undefined,
): CanonicalRecord[] {
  if (!placeholders) return records;
  const byKey = new Map(stored.map((s) => [`${s.repo}#${s.number}`, s]));
  return records.map((r, i) => {
    const fields = placeholders[i];
    if (r.type !== 'pull_request' || !fields?.length) return r;
    const s = byKey.get(`${r.repo}#${r.number}`);
    if (!s) return r;
    const merged: Record<string, unknown> = { ...r };
    for (const f of fields as Field[]) {
      const v = toRecordValue(s, f);
      if (v === null && f === 'labels') continue; // nothing stored: leave the field out
      merged[f] = v;
    }
    return merged as unknown as PullRequestRecord;
  });
}
