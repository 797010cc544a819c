import { Injectable } from '@nestjs/common';
import type { RecordType } from '@bearing/shared';
import { PrometheusRegistry } from './prometheus.js';

/** Sync-run metrics: `bearing_sync_runs_total{source,status}`, duration and records by kind. */
@Injectable()
export class SyncMetrics {
  constructor(private readonly prometheus: PrometheusRegistry) {}

  run(kind: string, source: string, status: 'succeeded' | 'failed', seconds: number, byType: Partial<Record<RecordType, number>>): void {
    this.prometheus.syncRuns.inc({ source, status });
    this.prometheus.syncRunDuration.observe({ kind, status }, seconds);
    for (const [type, n] of Object.entries(byType)) this.prometheus.syncRecords.inc({ kind, type }, n ?? 0);
  }

  webhook(kind: string, outcome: 'accepted' | 'duplicate' | 'rejected' | 'unauthorized'): void {
    this.prometheus.webhookDeliveries.inc({ kind, outcome });
  }
}
