import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { SchedulerService } from './scheduler.service.js';

/** Every timed job of the server lives here (the source-sync tick; at start, a pending facts rebuild). */
@Module({
  imports: [ConnectorsModule, MetricsModule],
  providers: [SchedulerService],
})
export class SchedulerModule {}
