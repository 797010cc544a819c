import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { invalidField } from '../../common/errors.js';
import { AdminOnly } from '../decorators/auth.decorators.js';
import type { AuditEntryView } from '../dto/auth.dto.js';
import { auditView } from '../dto/views.js';
import { AuditService } from '../services/audit.service.js';

@ApiTags('admin: audit log')
@ApiBearerAuth()
@ApiCookieAuth()
@AdminOnly()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Audit log of sign-ins (success and failure) and admin changes, newest first (admin)' })
  @ApiQuery({ name: 'action', required: false, example: 'login', description: 'an action (`login`) or a family (`user` matches user.create, user.update…)' })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  async list(@Query('action') action?: string, @Query('limit') limitParam?: string, @Query('cursor') cursor?: string): Promise<{ entries: AuditEntryView[]; nextCursor: string | null }> {
    const limit = limitParam === undefined ? 100 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalidField('limit', 'must be an integer from 1 to 1000');
    if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) throw invalidField('cursor', 'must be the nextCursor of a previous page');
    if (action !== undefined && !/^[a-z][a-z._-]{0,63}$/.test(action)) throw invalidField('action', 'must be an action name such as login or user.update');
    const rows = await this.audit.list({ limit, before: cursor ?? null, action: action ?? null });
    return { entries: rows.map(auditView), nextCursor: rows.length === limit ? rows[rows.length - 1]!.id : null };
  }
}
