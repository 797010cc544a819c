import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type FactsStatus, MAX_METRICS_BATCH_SCOPES, type MetricEventsResponse } from '@bearing/shared';
import type { Request, Response } from 'express';
import { Access, AccessContext, AnyPrincipal, ROLES, RequireScope, Roles, ScopedRead } from '../auth/index.js';
import { MetricsService } from './metrics.service.js';
import { RecomputeService } from './recompute.service.js';

@ApiTags('metrics')
@Controller('api/v1/metrics')
export class MetricsController {
  constructor(
    private readonly metricsService: MetricsService,
    private readonly recomputeService: RecomputeService,
  ) {}

  @Post('recompute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rebuild every derived fact (attribution, shipping, outcomes) from the stored data' })
  recompute(): Promise<{ repos: number; ms: number }> {
    return this.recomputeService.recompute();
  }

  @Get('status')
  @AnyPrincipal() // no data, only whether it is current: an ingest token's importer may wait on it
  @ApiOperation({ summary: 'Whether the derived facts behind the metrics are current, or being rebuilt after a large import' })
  status(): Promise<FactsStatus> {
    return this.recomputeService.status();
  }

  @Get()
  @ApiOperation({ summary: 'Metric values and series for a scope and period (org time zone, [from, to))' })
  @ApiQuery({ name: 'scope', required: false, example: 'squad:payments-core' })
  @ApiQuery({ name: 'from', required: true, example: '2026-01-01' })
  @ApiQuery({ name: 'to', required: true, example: '2026-04-01' })
  @ApiQuery({ name: 'interval', required: false, enum: ['week', 'month'] })
  @ApiQuery({ name: 'metrics', required: false, example: 'deployment_frequency' })
  async metrics(
    @Req() req: Request,
    @Res() res: Response,
    @Query('scope') scope?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('interval') interval?: string,
    @Query('metrics') metrics?: string,
  ): Promise<void> {
    // a MetricsResponse, sent as the service serialised it (cached per facts version), gzipped
    // when the client accepts it; Express answers 304 when If-None-Match carries the ETag
    const m = await this.metricsService.metricsBody({ scope, from, to, interval, metrics });
    const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
    res.type('application/json').setHeader('Cache-Control', 'private, no-cache').setHeader('Vary', 'Accept-Encoding');
    if (gzip) res.setHeader('Content-Encoding', 'gzip').setHeader('ETag', `${m.etag.slice(0, -1)}-gz"`);
    else res.setHeader('ETag', m.etag);
    res.send(gzip ? m.gzip : m.body);
  }

  @Post('batch')
  @HttpCode(200)
  // a read with a body (the scope list may not fit a URL): open to every role and to `read`
  // tokens like GET /metrics; each scope is checked against the caller in the service
  @Roles(...ROLES)
  @RequireScope('read')
  @ApiOperation({ summary: `Metric values and series of up to ${MAX_METRICS_BATCH_SCOPES} scopes for one period: {"results":[MetricsResponse, …]} in the order of "scopes"` })
  @ApiBody({
    schema: {
      example: { scopes: ['org', 'group:payments', 'squad:payments-core'], from: '2026-08-01', to: '2026-11-01', interval: 'week', metrics: ['deployment_frequency'] },
    },
  })
  async batch(@Req() req: Request, @Res() res: Response, @Body() body: unknown, @Access() access: AccessContext): Promise<void> {
    // a MetricsBatchResponse, assembled from the per-scope serialised answers, gzipped when
    // accepted; when the client goes away first, no more scopes are started and nothing is sent
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const m = await this.metricsService.metricsBatchBody(body, access, gone.signal).catch((error: unknown) => {
      if (gone.signal.aborted && error === gone.signal.reason) return null;
      throw error;
    });
    if (!m) return;
    const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
    res.type('application/json').setHeader('Cache-Control', 'private, no-store').setHeader('Vary', 'Accept-Encoding');
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.send(gzip ? m.gzip : m.body);
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

@ApiTags('metrics')
@Controller('api/v1/targets')
export class TargetsController {
  constructor(private readonly metricsService: MetricsService) {}

  @Get()
  @ScopedRead('scope')
  @ApiOperation({ summary: 'Targets of a scope (org, group:<key>, squad:<key>)' })
  @ApiQuery({ name: 'scope', required: false })
  list(@Query('scope') scope?: string): Promise<{ scope: string; targets: { metric: string; op: string; value: number }[] }> {
    return this.metricsService.targets(scope);
  }

  @Put(':metric')
  @Roles('director')
  @ScopedRead('scope')
  @ApiOperation({ summary: 'Set a target, e.g. {"op":"<","value":172800} for lead time under 2 days' })
  @ApiQuery({ name: 'scope', required: false })
  set(
    @Param('metric') metric: string,
    @Body() body: { op?: unknown; value?: unknown },
    @Query('scope') scope?: string,
  ): Promise<{ scope: string; metric: string; op: string; value: number }> {
    return this.metricsService.setTarget(scope, metric, body ?? {});
  }

  @Delete(':metric')
  @Roles('director')
  @ScopedRead('scope')
  @HttpCode(204)
  @ApiQuery({ name: 'scope', required: false })
  async remove(@Param('metric') metric: string, @Query('scope') scope?: string): Promise<void> {
    await this.metricsService.deleteTarget(scope, metric);
  }
}
