import { Body, Controller, Get, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ReportView, ReportsResponse } from '@bearing/shared';
import { Access, AccessContext, Roles } from '../auth/index.js';
import { ReportRequestDto } from './dto/report-request.dto.js';
import { type ReportFile, ReportsService } from './reports.service.js';

const file = (f: ReportFile): StreamableFile =>
  new StreamableFile(f.body, { type: f.contentType, disposition: `attachment; filename="${f.fileName}"`, length: f.body.length });

@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({ summary: 'Monthly reviews the caller may read (newest month first), with their status' })
  list(@Access() access: AccessContext): Promise<ReportsResponse> {
    return this.reports.list(access);
  }

  @Post()
  @Roles('vp', 'director', 'practice_lead', 'squad_lead', 'viewer')
  @ApiOperation({ summary: 'Generate (or regenerate) the review of a month and scope now: {"month":"2026-10","scope":"squad:payments-core"}' })
  @ApiBody({ type: ReportRequestDto })
  create(@Body() body: unknown, @Access() access: AccessContext): Promise<ReportView> {
    return this.reports.request(body, access);
  }

  // the download routes come before `:id`, which would match `<id>.pdf` too
  @Get(':id.pdf')
  @ApiOperation({ summary: 'The review as PDF' })
  async pdf(@Param('id') id: string, @Access() access: AccessContext): Promise<StreamableFile> {
    return file(await this.reports.download(id, 'pdf', access));
  }

  @Get(':id.csv')
  @ApiOperation({ summary: 'The review as CSV: one row per scope × metric' })
  async csv(@Param('id') id: string, @Access() access: AccessContext): Promise<StreamableFile> {
    return file(await this.reports.download(id, 'csv', access));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One review' })
  get(@Param('id') id: string, @Access() access: AccessContext): Promise<ReportView> {
    return this.reports.get(id, access);
  }
}
