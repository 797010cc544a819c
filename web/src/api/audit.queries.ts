import { infiniteQueryOptions } from '@tanstack/react-query';
import { fetchAudit } from './audit';

export const AUDIT_PAGE_SIZE = 50;

export const auditKeys = {
  all: ['audit'] as const,
  list: (limit: number) => [...auditKeys.all, 'list', limit] as const,
};

/** Cursor pages of the audit log, newest first. */
export function auditQueryOptions(limit = AUDIT_PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: auditKeys.list(limit),
    queryFn: ({ pageParam, signal }) => fetchAudit({ limit, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
