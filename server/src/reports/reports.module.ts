import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { OrgModule } from '../org/org.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsScheduler } from './reports.scheduler.js';
import { ReportsService } from './reports.service.js';
import { ReportsStorage } from './reports.storage.js';
import { ReviewCollector } from './review.collector.js';

@Module({
  imports: [OrgModule, MetricsModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportsStorage, ReportsService, ReportsScheduler, ReviewCollector],
  exports: [ReportsService],
})
export class ReportsModule {}
