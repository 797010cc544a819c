import { Body, Controller, Delete, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError } from '../../common/errors.js';
import type { AccessContext } from '../access/access-context.js';
import { clientOf } from '../auth.http.js';
import { Access } from '../decorators/access.decorator.js';
import { AdminOnly } from '../decorators/auth.decorators.js';
import { CreateTokenBody, type TokenView } from '../dto/auth.dto.js';
import { isUuid, openApiSchema, parseBody } from '../dto/validation.js';
import { tokenView } from '../dto/views.js';
import { ApiTokenService } from '../services/api-token.service.js';

@ApiTags('admin: API tokens')
@ApiBearerAuth()
@ApiCookieAuth()
@AdminOnly()
@Controller('api/v1/tokens')
export class TokensController {
  constructor(private readonly tokens: ApiTokenService) {}

  @Get()
  @ApiOperation({ summary: 'API tokens, without their secrets (admin)' })
  async list(): Promise<{ tokens: TokenView[] }> {
    return { tokens: (await this.tokens.list()).map((t) => tokenView(t)) };
  }

  @Post()
  @ApiOperation({
    summary: 'Create an API token (admin); the secret is in the response once and never again',
    description: 'Scopes: `ingest` (POST /import, webhooks), `read` (every read route, whole org), `admin` (everything). Use as `Authorization: Bearer <secret>`.',
  })
  @ApiBody({ schema: openApiSchema(CreateTokenBody) })
  @ApiCreatedResponse({ description: '{"token":{…},"secret":"brg_…"}' })
  async create(@Body() body: unknown, @Access() access: AccessContext, @Req() req: Request): Promise<{ token: TokenView; secret: string }> {
    const input = parseBody(CreateTokenBody, body);
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    const { token, secret } = await this.tokens.create({ name: input.name, scopes: input.scopes, expiresAt }, access.principal, clientOf(req).ip);
    return { token: tokenView(token), secret };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API token (admin): it stops working at once' })
  async revoke(@Param('id') id: string, @Access() access: AccessContext, @Req() req: Request): Promise<TokenView> {
    if (!isUuid(id)) throw new DomainError('not_found', `token '${id}' not found`);
    return tokenView(await this.tokens.revoke(id, access.principal, clientOf(req).ip));
  }
}
