import { Module } from '@nestjs/common';
import { DriftFactsRepository } from '../drift/drift-facts.repository.js';
import { DriftModule } from '../drift/drift.module.js';
import { OrgModule } from '../org/org.module.js';
import { FactsRepository } from './facts.repository.js';
import { MetricsController, TargetsController } from './metrics.controller.js';
import { MetricsSnapshot } from './metrics-snapshot.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { RecomputeService } from './recompute.service.js';
import { SettingsController } from './settings.controller.js';

@Module({
  imports: [OrgModule, DriftModule],
  controllers: [MetricsController, TargetsController, SettingsController],
  providers: [MetricsRepository, MetricsSnapshot, MetricsService, FactsRepository, RecomputeService, DriftFactsRepository],
  exports: [RecomputeService, DriftFactsRepository, MetricsService],
})
export class MetricsModule {}
