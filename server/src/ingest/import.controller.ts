import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { ImportResult } from '@bearing/shared';
import type { Request } from 'express';
import split2 from 'split2';
import { RequireScope } from '../auth/decorators/auth.decorators.js';
import { DomainError, invalidField } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ImportService } from './import.service.js';

export const MAX_LINE_BYTES = 1024 * 1024;
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

function tooLong(line: number): DomainError {
  return new DomainError('payload_too_large', `line ${line}: exceeds the ${MAX_LINE_BYTES} byte line limit`, { line, field: '(line)' });
}

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
    let linesRead = 0;
    const lines = req.pipe(split2({ maxLength: MAX_LINE_BYTES + 1 }));
    async function* counted(): AsyncGenerator<string> {
      try {
        for await (const line of lines) {
          linesRead++;
          if (Buffer.byteLength(line as string) > MAX_LINE_BYTES) throw tooLong(linesRead);
          yield line as string;
        }
      } catch (err) {
        if (/maximum buffer reached/.test((err as Error).message)) {
          throw tooLong(linesRead + 1);
        }
        throw err;
      }
    }
    const outcome = await this.importService.importOrReject(counted(), { mode: mode ?? 'strict', deferFactsAbove: this.config.importDeferFactsAbove || undefined });
    return { accepted: outcome.accepted, rejected: outcome.rejected, rejectedCount: outcome.rejectedCount, byType: outcome.byType, facts: outcome.facts };
  }
}
