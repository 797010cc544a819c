import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SyncService } from '../connectors/sync.service.js';
import { RecomputeService } from '../metrics/recompute.service.js';

export const SYNC_TICK = 'sources-sync-tick';

/**
 * The cron declarations, as a thin trigger: every BEARING_SCHEDULER_TICK_SECONDS the sync tick
 * claims the due sources (once across all replicas: see SourcesRepository.claim) and starts them.
 * Off with BEARING_SCHEDULER=false (tests, or replicas that should only serve the API). At start it
 * also resumes a deferred facts rebuild left pending by a stopped process.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulerService.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly sync: SyncService,
    private readonly recompute: RecomputeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.connectors.scheduler) return;
    // a large import's deferred rebuild that never committed (the process stopped) is redone
    this.recompute.resumePending().catch((err) => this.logger.error({ err }, 'could not check for pending derived facts'));
    const ms = this.config.connectors.tickSeconds * 1000;
    const interval = setInterval(() => {
      this.sync.tick().catch((err) => this.logger.error({ err }, 'sync tick failed'));
    }, ms);
    this.registry.addInterval(SYNC_TICK, interval);
    this.logger.log(`scheduler on: sync tick every ${this.config.connectors.tickSeconds} s`);
  }
}
