import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { MetricEventsResponse, MetricsResponse } from '@bearing/shared';
import { MetricsService } from './metrics.service.js';

@ApiTags('metrics')
@Controller('api/v1/metrics')
export class MetricsController {
  constructor(private readonly metricsService: MetricsService) {}

  @Get()
  @ApiOperation({ summary: 'Metric values and series for a scope and period (org time zone, [from, to))' })
  @ApiQuery({ name: 'scope', required: false, example: 'squad:payments-core' })
  @ApiQuery({ name: 'from', required: true, example: '2026-01-01' })
  @ApiQuery({ name: 'to', required: true, example: '2026-04-01' })
  @ApiQuery({ name: 'interval', required: false, enum: ['week', 'month'] })
  @ApiQuery({ name: 'metrics', required: false, example: 'deployment_frequency' })
  metrics(
    @Query('scope') scope?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('interval') interval?: string,
    @Query('metrics') metrics?: string,
  ): Promise<MetricsResponse> {
    return this.metricsService.metrics({ scope, from, to, interval, metrics });
  }

  @Get(':key/events')
  @ApiOperation({ summary: 'The events behind a metric value, each with the rule that classified it (paged)' })
  @ApiQuery({ name: 'scope', required: false })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: true })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  events(
    @Param('key') key: string,
    @Query('scope') scope?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<MetricEventsResponse> {
    return this.metricsService.events(key, { scope, from, to, cursor, limit });
  }
}
