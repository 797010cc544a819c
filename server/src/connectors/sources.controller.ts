import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { SourceView, SyncRunsResponse } from '@bearing/shared';
import type { Request } from 'express';
import { clientOf } from '../auth/auth.http.js';
import { AdminOnly, CurrentPrincipal, type Principal } from '../auth/index.js';
import { SourcesService } from './sources.service.js';
import { SyncService } from './sync.service.js';

@ApiTags('admin: sources')
@ApiBearerAuth()
@ApiCookieAuth()
@AdminOnly()
@Controller('api/v1')
export class SourcesController {
  constructor(
    private readonly sources: SourcesService,
    private readonly sync: SyncService,
  ) {}

  @Get('sources')
  @ApiOperation({ summary: 'Data sources with status, last/next run and last error; secrets are never returned (names only)' })
  list(): Promise<SourceView[]> {
    return this.sources.list();
  }

  @Post('sources')
  @ApiOperation({
    summary: 'Add a source: {"kind":"git","name":"api repo","config":{"url":"…"},"secrets":{…},"cron":"*/15 * * * *","enabled":true}',
    description: 'The config is validated by the connector (400 naming the field, e.g. config.url); secrets are encrypted at rest (AES-256-GCM) and write-only.',
  })
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<SourceView> {
    return this.sources.create(body, principal, clientOf(req).ip);
  }

  @Get('sources/:id')
  @ApiOperation({ summary: 'One source' })
  get(@Param('id') id: string): Promise<SourceView> {
    return this.sources.get(id);
  }

  @Patch('sources/:id')
  @ApiOperation({ summary: 'Edit a source: name, config (replaced), secrets (merged; "" clears one), cron, enabled' })
  update(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<SourceView> {
    return this.sources.update(id, body, principal, clientOf(req).ip);
  }

  @Delete('sources/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a source and its run log (its records stay)' })
  remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<void> {
    return this.sources.remove(id, principal, clientOf(req).ip);
  }

  @Post('sources/:id/sync')
  @HttpCode(202)
  @ApiOperation({ summary: 'Sync now: 202 {"runId"}; the run proceeds in the background (409 while one runs)' })
  async syncNow(@Param('id') id: string): Promise<{ runId: string }> {
    return { runId: await this.sync.runNow(id) };
  }

  @Get('sources/:id/runs')
  @ApiOperation({ summary: "A source's run log, newest first" })
  @ApiQuery({ name: 'status', required: false, enum: ['running', 'succeeded', 'failed'] })
  @ApiQuery({ name: 'limit', required: false, example: 50 })
  @ApiQuery({ name: 'cursor', required: false })
  runs(@Param('id') id: string, @Query('status') status?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string): Promise<SyncRunsResponse> {
    return this.sources.runs({ sourceId: id, status, limit, cursor });
  }

  @Get('sync-runs')
  @ApiOperation({ summary: 'The run log of every source, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: ['running', 'succeeded', 'failed'] })
  @ApiQuery({ name: 'limit', required: false, example: 50 })
  @ApiQuery({ name: 'cursor', required: false })
  allRuns(@Query('status') status?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string): Promise<SyncRunsResponse> {
    return this.sources.runs({ status, limit, cursor });
  }
}
