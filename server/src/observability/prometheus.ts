import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The server's own Prometheus registry (one per app instance, so tests can build several apps). */
@Injectable()
export class PrometheusRegistry {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly rowsIngested: Counter<'type'>;
  readonly syncRuns: Counter<'source' | 'status'>;
  readonly syncRunDuration: Histogram<'kind' | 'status'>;
  readonly syncRecords: Counter<'kind' | 'type'>;
  readonly webhookDeliveries: Counter<'kind' | 'outcome'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'bearing_' });
    this.httpDuration = new Histogram({
      name: 'bearing_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.rowsIngested = new Counter({
      name: 'bearing_rows_ingested_total',
      help: 'Canonical records written, by type',
      labelNames: ['type'],
      registers: [this.registry],
    });
    this.syncRuns = new Counter({
      name: 'bearing_sync_runs_total',
      help: 'Connector sync runs, by source and outcome',
      labelNames: ['source', 'status'],
      registers: [this.registry],
    });
    this.syncRunDuration = new Histogram({
      name: 'bearing_sync_run_duration_seconds',
      help: 'Connector sync run duration, by source kind and outcome',
      labelNames: ['kind', 'status'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers: [this.registry],
    });
    this.syncRecords = new Counter({
      name: 'bearing_sync_records_total',
      help: 'Canonical records committed by connector sync runs, by source kind and record type',
      labelNames: ['kind', 'type'],
      registers: [this.registry],
    });
    this.webhookDeliveries = new Counter({
      name: 'bearing_webhook_deliveries_total',
      help: 'Webhook deliveries, by source kind and outcome (accepted, duplicate, rejected, unauthorized)',
      labelNames: ['kind', 'outcome'],
      registers: [this.registry],
    });
  }
}
