import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module.js';
import { FactsRepository } from './facts.repository.js';
import { MetricsController, TargetsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { RecomputeService } from './recompute.service.js';
import { SettingsController } from './settings.controller.js';

@Module({
  imports: [OrgModule],
  controllers: [MetricsController, TargetsController, SettingsController],
  providers: [MetricsRepository, MetricsService, FactsRepository, RecomputeService],
  exports: [RecomputeService, MetricsService],
})
export class MetricsModule {}
