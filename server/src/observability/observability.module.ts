import { Global, Module } from '@nestjs/common';
import { IngestMetrics } from './ingest.metrics.js';
import { PrometheusController } from './prometheus.controller.js';
import { PrometheusRegistry } from './prometheus.js';
import { SyncMetrics } from './sync.metrics.js';

@Global()
@Module({
  controllers: [PrometheusController],
  providers: [PrometheusRegistry, IngestMetrics, SyncMetrics],
  exports: [PrometheusRegistry, IngestMetrics, SyncMetrics],
})
export class ObservabilityModule {}
