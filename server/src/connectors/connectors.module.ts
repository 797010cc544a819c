import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { ConnectorRegistry } from './registry.js';
import { SourceSecrets } from './source-secrets.service.js';
import { SourcesController } from './sources.controller.js';
import { SourcesRepository } from './sources.repository.js';
import { SourcesService } from './sources.service.js';
import { SyncService } from './sync.service.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

@Module({
  imports: [AuthModule, IngestModule],
  controllers: [SourcesController, WebhooksController],
  providers: [ConnectorRegistry, SourceSecrets, SourcesRepository, SourcesService, SyncService, WebhooksService],
  exports: [SyncService, ConnectorRegistry],
})
export class ConnectorsModule {}
