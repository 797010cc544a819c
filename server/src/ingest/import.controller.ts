import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { ImportResult } from '@bearing/shared';
import type { Request } from 'express';
import { RequireScope } from '../auth/decorators/auth.decorators.js';
import { DomainError, invalidField } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ImportService } from './import.service.js';
import { lineBatches } from './ndjson-lines.js';

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

@ApiTags('ingestion')
@Controller('api/v1/import')
export class ImportController {
  constructor(
    private readonly importService: ImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @RequireScope('ingest') // tokens with the ingest scope; users need the admin role (the default for writes)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import canonical NDJSON (streamed, idempotent upserts)',
    description:
      'One JSON record per line (see docs/data-contract). strict (default): any invalid line rejects the whole request and nothing is written (422). lenient: valid lines are written, invalid ones reported. An import of more than BEARING_IMPORT_DEFER_FACTS_ABOVE records answers once its rows are committed, with "facts":"rebuilding"; GET /api/v1/metrics/status says when the metrics reflect it.',
  })
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ schema: { type: 'string', example: '{"type":"squad","key":"payments-core","name":"Payments Core"}\n' } })
  @ApiQuery({ name: 'mode', required: false, enum: ['strict', 'lenient'] })
  @ApiOkResponse({ description: '{"accepted":n,"rejected":[{"line","field","message"}],"rejectedCount":n,"byType":{…},"facts":"current"|"rebuilding"}' })
  @ApiUnprocessableEntityResponse({ description: 'strict mode with invalid lines; nothing written' })
  async import(@Req() req: Request, @Query('mode') mode?: string): Promise<ImportResult & { rejectedCount: number }> {
    if (mode !== undefined && mode !== 'strict' && mode !== 'lenient') {
      throw invalidField('mode', "must be 'strict' or 'lenient'");
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!NDJSON_TYPES.includes(contentType)) {
      throw new DomainError('unsupported_media_type', `Content-Type must be application/x-ndjson (got '${contentType || 'none'}')`, {
        field: 'Content-Type',
      });
    }
    const outcome = await this.importService.importOrReject(lineBatches(req), { mode: mode ?? 'strict', deferFactsAbove: this.config.importDeferFactsAbove || undefined });
    return { accepted: outcome.accepted, rejected: outcome.rejected, rejectedCount: outcome.rejectedCount, byType: outcome.byType, facts: outcome.facts };
  }
}
