import { apiGet } from './http';

/** One audit entry (`server/src/auth/controllers/audit.controller.ts`), newest first. */
export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  outcome: string;
  actorId: string | null;
  actorLabel: string | null;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** pass as `cursor` for the next (older) page; null on the last */
  nextCursor: string | null;
}

/** `GET /api/v1/audit?limit=&cursor=` (admin) */
export function fetchAudit(
  query: { limit: number; cursor?: string | null },
  signal?: AbortSignal,
): Promise<AuditPage> {
  return apiGet<AuditPage>('/api/v1/audit', {
    params: { limit: query.limit, cursor: query.cursor ?? undefined },
    signal,
  });
}
