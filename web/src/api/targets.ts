import type { MetricKey, MetricTarget, ScopeParam } from '@bearing/shared';
import { apiGet, apiRequest } from './http';

/** A target as stored: "lead time < 172800 s". Not in `@bearing/shared` yet. */
export interface TargetSetting {
  metric: MetricKey;
  op: MetricTarget['op'];
  value: number;
}

export interface TargetsResponse {
  scope: ScopeParam;
  targets: TargetSetting[];
}

/** `GET /api/v1/targets?scope=` */
export function fetchTargets(scope: ScopeParam, signal?: AbortSignal): Promise<TargetsResponse> {
  return apiGet<TargetsResponse>('/api/v1/targets', { params: { scope }, signal });
}

/** `PUT /api/v1/targets/<metric>?scope=` `{"op":"<","value":172800}` */
export function putTarget(
  scope: ScopeParam,
  metric: MetricKey,
  target: { op: MetricTarget['op']; value: number },
): Promise<TargetSetting & { scope: ScopeParam }> {
  return apiRequest(`/api/v1/targets/${encodeURIComponent(metric)}`, {
    method: 'PUT',
    params: { scope },
    body: target,
  });
}

/** `DELETE /api/v1/targets/<metric>?scope=` */
export function deleteTarget(scope: ScopeParam, metric: MetricKey): Promise<void> {
  return apiRequest<void>(`/api/v1/targets/${encodeURIComponent(metric)}`, {
    method: 'DELETE',
    params: { scope },
  });
}
