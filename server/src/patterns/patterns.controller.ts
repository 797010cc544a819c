import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { PatternEntry, PatternHistoryResponse, PatternsResponse } from '@bearing/shared';
import { CurrentPrincipal, type Principal, Roles, ScopedRead } from '../auth/index.js';
import { PatternsService } from './patterns.service.js';

@ApiTags('patterns')
@Controller('api/v1/patterns')
export class PatternsController {
  constructor(private readonly patterns: PatternsService) {}

  @Get()
  @ScopedRead('scope')
  @ApiOperation({ summary: 'The pattern library with citation counts per pattern for a scope and period, unknown cited keys, and freshness' })
  @ApiQuery({ name: 'scope', required: false, example: 'squad:payments-core' })
  @ApiQuery({ name: 'from', required: false, example: '2026-01-01' })
  @ApiQuery({ name: 'to', required: false, example: '2026-04-01' })
  list(@Query('scope') scope?: string, @Query('from') from?: string, @Query('to') to?: string): Promise<PatternsResponse> {
    return this.patterns.list({ scope, from, to });
  }

  @Get(':key')
  @ApiOperation({ summary: 'One library entry' })
  get(@Param('key') key: string): Promise<PatternEntry> {
    return this.patterns.get(key);
  }

  @Get(':key/history')
  @ApiOperation({ summary: 'Change history of a pattern (created, edited, retired; who, before, after)' })
  history(@Param('key') key: string): Promise<PatternHistoryResponse> {
    return this.patterns.history(key);
  }

  @Post()
  @Roles('practice_lead')
  @ApiOperation({ summary: 'Add a pattern: {"key":"PAT-014","title":"…","path":"docs/patterns/PAT-014.md"}' })
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<PatternEntry> {
    return this.patterns.create(body, principal.label);
  }

  @Patch(':key')
  @Roles('practice_lead')
  @ApiOperation({ summary: 'Edit a pattern: title, path, migrationNote, replacedBy' })
  edit(@Param('key') key: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<PatternEntry> {
    return this.patterns.edit(key, body, principal.label);
  }

  @Post(':key/retire')
  @HttpCode(200)
  @Roles('practice_lead')
  @ApiOperation({ summary: 'Retire a pattern: {"migrationNote":"…" (required), "replacedBy":"PAT-015", "retiredAt": optional, default now}' })
  retire(@Param('key') key: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<PatternEntry> {
    return this.patterns.retire(key, body, principal.label);
  }
}
