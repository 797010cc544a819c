import { Global, Module } from '@nestjs/common';
import { IngestMetrics } from './ingest.metrics.js';
import { PrometheusController } from './prometheus.controller.js';
import { PrometheusRegistry } from './prometheus.js';

@Global()
@Module({
  controllers: [PrometheusController],
  providers: [PrometheusRegistry, IngestMetrics],
  exports: [PrometheusRegistry, IngestMetrics],
})
export class ObservabilityModule {}
