import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DriftEpisodesResponse } from '@bearing/shared';
import { ScopedRead } from '../auth/index.js';
import { DriftService } from './drift.service.js';

@ApiTags('drift')
@Controller('api/v1/drift')
export class DriftController {
  constructor(private readonly drift: DriftService) {}

  @Get('episodes')
  @ScopedRead('scope')
  @ApiOperation({ summary: 'Drift episodes of a scope and period (newest first): unit, signals, start, recovery, duration, open age' })
  @ApiQuery({ name: 'scope', required: false, example: 'squad:growth-experiments' })
  @ApiQuery({ name: 'from', required: true, example: '2026-01-01' })
  @ApiQuery({ name: 'to', required: true, example: '2026-04-01' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'recovered', 'all'] })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  episodes(
    @Query('scope') scope?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('status') status?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<DriftEpisodesResponse> {
    return this.drift.episodes({ scope, from, to, status, cursor, limit });
  }
}
