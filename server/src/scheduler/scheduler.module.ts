import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { SchedulerService } from './scheduler.service.js';

/** Every timed job of the server lives here (today: the source-sync tick). */
@Module({
  imports: [ConnectorsModule],
  providers: [SchedulerService],
})
export class SchedulerModule {}
