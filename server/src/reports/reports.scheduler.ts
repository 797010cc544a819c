import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { OrgService } from '../org/org.service.js';
import { ReportsService } from './reports.service.js';

export const MONTHLY_REVIEWS_JOB = 'monthly-reviews';

/**
 * The thin trigger of the monthly reviews: BEARING_REPORTS_CRON (default `0 6 1 * *`) in the
 * org time zone read at start. Every replica ticks; `ReportsService.runMonthly` claims each
 * review atomically, so each is generated once.
 */
@Injectable()
export class ReportsScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReportsScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly org: OrgService,
    private readonly reports: ReportsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cron = this.config.reports.cron;
    if (!cron) return;
    const { timeZone } = await this.org.settings();
    const job = CronJob.from({
      cronTime: cron,
      timeZone,
      start: false,
      onTick: async () => {
        try {
          await this.reports.runMonthly(new Date());
        } catch (err) {
          this.logger.error(`monthly reviews run failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      },
    });
    this.registry.addCronJob(MONTHLY_REVIEWS_JOB, job);
    job.start();
    this.logger.log(`monthly reviews scheduled '${cron}' (${timeZone}); next ${job.nextDate().toISO()}`);
  }
}
