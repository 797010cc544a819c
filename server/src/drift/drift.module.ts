import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module.js';
import { DriftController } from './drift.controller.js';
import { DriftRepository } from './drift.repository.js';
import { DriftService } from './drift.service.js';

/** Drift episodes API; the drift facts themselves are built by the metrics recompute (drift-facts.ts). */
@Module({
  imports: [OrgModule],
  controllers: [DriftController],
  providers: [DriftRepository, DriftService],
  exports: [DriftRepository],
})
export class DriftModule {}
