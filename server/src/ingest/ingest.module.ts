import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { OrgModule } from '../org/org.module.js';
import { ExportController } from './export.controller.js';
import { ExportRepository } from './export.repository.js';
import { ImportController } from './import.controller.js';
import { ImportService } from './import.service.js';
import { IngestRepository } from './ingest.repository.js';

@Module({
  imports: [OrgModule, MetricsModule],
  controllers: [ImportController, ExportController],
  providers: [IngestRepository, ImportService, ExportRepository],
  exports: [ImportService, IngestRepository],
})
export class IngestModule {}
