import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError } from '../../common/errors.js';
import type { AccessContext } from '../access/access-context.js';
import { clientOf } from '../auth.http.js';
import { Access } from '../decorators/access.decorator.js';
import { AdminOnly } from '../decorators/auth.decorators.js';
import { CreateUserBody, UpdateUserBody, type UserView } from '../dto/auth.dto.js';
import { isUuid, openApiSchema, parseBody } from '../dto/validation.js';
import { userView } from '../dto/views.js';
import { UserService } from '../services/user.service.js';

function userId(id: string): string {
  if (!isUuid(id)) throw new DomainError('not_found', `user '${id}' not found`);
  return id;
}

@ApiTags('admin: users')
@ApiBearerAuth()
@ApiCookieAuth()
@AdminOnly()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UserService) {}

  @Get()
  @ApiOperation({ summary: 'Users with their roles and scopes (admin)' })
  async list(): Promise<{ users: UserView[] }> {
    return { users: (await this.users.list()).map(userView) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (admin)' })
  async get(@Param('id') id: string): Promise<UserView> {
    return userView(await this.users.get(userId(id)));
  }

  @Post()
  @ApiOperation({
    summary: 'Create a user (admin)',
    description: 'Without `password`, one is generated and returned once in `password`. Directors are scoped by `groups`, squad leads and viewers by `squads`.',
  })
  @ApiBody({ schema: openApiSchema(CreateUserBody) })
  @ApiCreatedResponse({ description: '{"user":{…},"password"?:"…"}' })
  async create(@Body() body: unknown, @Access() access: AccessContext, @Req() req: Request): Promise<{ user: UserView; password?: string }> {
    const { user, generatedPassword } = await this.users.create(parseBody(CreateUserBody, body), access.principal, clientOf(req).ip);
    return { user: userView(user), ...(generatedPassword ? { password: generatedPassword } : {}) };
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Update a user: name, roles, scopes, password, disabled (admin)',
    description: 'Disabling a user or resetting their password ends their sessions. The last active admin cannot be demoted or disabled (409).',
  })
  @ApiBody({ schema: openApiSchema(UpdateUserBody) })
  async update(@Param('id') id: string, @Body() body: unknown, @Access() access: AccessContext, @Req() req: Request): Promise<UserView> {
    return userView(await this.users.update(userId(id), parseBody(UpdateUserBody, body), access.principal, clientOf(req).ip));
  }
}
