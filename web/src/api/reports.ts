import type { ReportRequest, ReportView, ReportsResponse } from '@bearing/shared';
import { apiGet, apiRequest } from './http';

/** `GET /api/v1/reports`: the monthly reviews the caller may read, newest month first. */
export function fetchReports(signal?: AbortSignal): Promise<ReportsResponse> {
  return apiGet<ReportsResponse>('/api/v1/reports', { signal });
}

/** `POST /api/v1/reports`: generates (or regenerates) one review now; answers it when done. */
export function createReport(body: ReportRequest): Promise<ReportView> {
  return apiRequest<ReportView>('/api/v1/reports', { method: 'POST', body });
}

/** Where a review's PDF or CSV downloads from (a plain link: the session cookie authenticates it). */
export function reportFileUrl(id: string, kind: 'pdf' | 'csv'): string {
  return `/api/v1/reports/${encodeURIComponent(id)}.${kind}`;
}
