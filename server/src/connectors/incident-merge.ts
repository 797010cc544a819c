import type { CanonicalRecord, IncidentRecord } from '@bearing/shared';

export interface StoredIncident {
  id: string;
  title: string;
  service: string | null;
  severity: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
}

/**
 * Webhook events update an incident in pieces (opened, then resolved): a piece must not undo
 * what an earlier one stored. Keeps the earliest opening time, the first title, a known service
 * and severity, and a resolution time once seen. Pure; the same delivery twice gives the same row.
 */
export function mergeIncidentUpdates(records: CanonicalRecord[], stored: StoredIncident[]): CanonicalRecord[] {
  const byId = new Map(stored.map((s) => [s.id, s]));
  return records.map((r) => {
    if (r.type !== 'incident') return r;
    const s = byId.get(r.id);
    if (!s) return r;
    const opened = Math.min(Date.parse(r.openedAt), s.openedAt.getTime());
    const merged: IncidentRecord = {
      ...r,
      title: s.title || r.title,
      service: r.service ?? s.service,
      severity: r.severity ?? s.severity,
      openedAt: new Date(opened).toISOString(),
      resolvedAt: r.resolvedAt ?? (s.resolvedAt ? s.resolvedAt.toISOString() : null),
    };
    return merged;
  });
}
