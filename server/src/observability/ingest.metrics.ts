import { Injectable } from '@nestjs/common';
import type { RecordType } from '@bearing/shared';
import { PrometheusRegistry } from './prometheus.js';

@Injectable()
export class IngestMetrics {
  constructor(private readonly prometheus: PrometheusRegistry) {}

  rowsIngested(byType: Partial<Record<RecordType, number>>): void {
    for (const [type, n] of Object.entries(byType)) this.prometheus.rowsIngested.inc({ type }, n ?? 0);
  }
}
