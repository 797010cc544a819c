import { once } from 'node:events';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AccessContext } from '../auth/access/access-context.js';
import { Access } from '../auth/decorators/access.decorator.js';
import { invalidField } from '../common/errors.js';
import { OrgService } from '../org/org.service.js';
import { parseScope } from '../org/scope.js';
import { ExportRepository } from './export.repository.js';

/** Writes one NDJSON line, waiting for the socket to drain; false when the client has gone. */
async function writeLine(res: Response, record: unknown): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(JSON.stringify(record) + '\n')) return true;
  const [event] = await Promise.race([once(res, 'drain').then(() => ['drain']), once(res, 'close').then(() => ['close'])]);
  return event === 'drain';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function optionalDate(value: string | undefined, field: string): string | null {
  if (value === undefined || value === '') return null;
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw invalidField(field, 'must be a date YYYY-MM-DD');
  return value;
}

@ApiTags('ingestion')
@Controller('api/v1')
export class ExportController {
  constructor(
    private readonly exportRepository: ExportRepository,
    private readonly org: OrgService,
  ) {}

  @Get('export.ndjson')
  @ApiOperation({
    summary: 'Export canonical NDJSON (the import format)',
    description: 'Streams every record of the scope; from/to (org time zone, half-open) filter the time-bearing records.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiQuery({ name: 'scope', required: false, example: 'org' })
  @ApiQuery({ name: 'from', required: false, example: '2026-01-01' })
  @ApiQuery({ name: 'to', required: false, example: '2026-07-01' })
  async export(
    @Access() access: AccessContext,
    @Res() res: Response,
    @Query('scope') scopeParam?: string,
    @Query('from') fromParam?: string,
    @Query('to') toParam?: string,
  ): Promise<void> {
    const ref = parseScope(scopeParam);
    await access.assertCanRead(ref); // a scoped user exports only their groups/squads (403 otherwise)
    const scope = await this.org.resolve(ref);
    const from = optionalDate(fromParam, 'from');
    const to = optionalDate(toParam, 'to');
    if (from && to && from >= to) throw invalidField('to', 'must be after from');
    const { timeZone } = await this.org.settings();
    const records = this.exportRepository.records({ squads: scope.squads, from, to, timeZone });
    // read the first record before committing to a 200, so a failing query still gets a clean error
    const first = await records.next();
    res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="bearing-export.ndjson"');
    try {
      if (!first.done) {
        let open = await writeLine(res, first.value);
        for await (const record of records) {
          if (!open) break; // client went away: stop reading the database
          open = await writeLine(res, record);
        }
      }
    } finally {
      res.end();
    }
  }
}
