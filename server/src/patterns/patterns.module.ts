import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { OrgModule } from '../org/org.module.js';
import { PatternsController } from './patterns.controller.js';
import { PatternsRepository } from './patterns.repository.js';
import { PatternsService } from './patterns.service.js';

@Module({
  imports: [OrgModule, MetricsModule],
  controllers: [PatternsController],
  providers: [PatternsRepository, PatternsService],
})
export class PatternsModule {}
