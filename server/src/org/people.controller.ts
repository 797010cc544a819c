import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { MergePeopleResponse, PeopleResponse } from '@bearing/shared';
import type { Request } from 'express';
import { clientOf } from '../auth/auth.http.js';
import { AdminOnly, CurrentPrincipal, type Principal, Roles } from '../auth/index.js';
import { PeopleService } from './people.service.js';

@ApiTags('organisation')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/v1/people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @Roles('practice_lead', 'vp')
  @ApiOperation({ summary: 'People with their identities (emails, logins by source), squads and roles; by name' })
  @ApiQuery({ name: 'query', required: false, description: 'substring of the key, name, an email or a login' })
  @ApiQuery({ name: 'limit', required: false, example: 50 })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  list(@Query('query') query?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string): Promise<PeopleResponse> {
    return this.people.list({ query, limit, cursor });
  }

  @Post(':key/merge')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    summary: 'Merge this person into another: {"into":"<key>"}',
    description: 'Emails and logins move to the surviving person, every record naming the merged key is re-pointed, the merged person is deleted, and the metrics are recomputed. 404 for an unknown key, 409 for a person merged into itself.',
  })
  merge(@Param('key') key: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<MergePeopleResponse> {
    return this.people.merge(key, body, principal, clientOf(req).ip);
  }
}
