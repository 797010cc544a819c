import { existsSync } from 'node:fs';
import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { AuthModule } from './auth/auth.module.js';
import { AUTH_REDACT_PATHS, scrubLogArguments } from './auth/log-redaction.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { ClockModule } from './common/clock.js';
import { AllExceptionsFilter } from './common/exception.filter.js';
import { SingleQueryValuePipe } from './common/single-query-value.pipe.js';
import { dataSourceOptions } from './database/data-source.js';
import { HealthModule } from './health/health.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { HttpMetricsMiddleware } from './observability/http-metrics.middleware.js';
import { PublicRateLimitMiddleware } from './common/public-rate-limit.middleware.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { OrgModule } from './org/org.module.js';
import { PeopleModule } from './org/people.module.js';
import { PatternsModule } from './patterns/patterns.module.js';
import { ConnectorsModule } from './connectors/connectors.module.js';
import { SchedulerModule } from './scheduler/scheduler.module.js';
import { ReportsModule } from './reports/reports.module.js';

/** Log redaction: credentials never reach the logs. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-pagerduty-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  ...AUTH_REDACT_PATHS,
];

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, databaseUrl: string, webDistDir: string | null): DynamicModule {
    const staticModules =
      webDistDir && existsSync(webDistDir)
        ? [ServeStaticModule.forRoot({ rootPath: webDistDir, exclude: ['/api/{*path}', '/metrics'] })]
        : [];
    const pinoHttp: PinoHttpOptions = {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: { logMethod: scrubLogArguments },
      autoLogging: { ignore: (req) => req.url === '/api/v1/health' || req.url === '/api/v1/live' || req.url === '/metrics' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    };
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: config.logFile ? [pinoHttp, pino.destination({ dest: config.logFile, sync: true, mkdir: true })] : pinoHttp }),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.dbPoolSize, config.statementTimeoutMs)),
        // cron and intervals of every module (the sync scheduler, the monthly reviews) register here once
        ScheduleModule.forRoot(),
        ClockModule,
        ObservabilityModule,
        AuthModule,
        HealthModule,
        OrgModule,
        IngestModule,
        MetricsModule,
        PeopleModule,
        PatternsModule,
        ConnectorsModule,
        SchedulerModule,
        ReportsModule,
        ...staticModules,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useClass: SingleQueryValuePipe },
      ],
      exports: [APP_CONFIG],
      global: true,
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
    // the routes anyone can reach without credentials are throttled per client address
    consumer.apply(PublicRateLimitMiddleware).forRoutes('api/v1/webhooks/*path', 'api/v1/auth/*path');
  }
}
