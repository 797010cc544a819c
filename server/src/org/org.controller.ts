import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { GroupsResponse, OrgSettings, SquadsResponse } from '@bearing/shared';
import type { AccessContext } from '../auth/access/access-context.js';
import { Access } from '../auth/decorators/access.decorator.js';
import { OrgService } from './org.service.js';

@ApiTags('organisation')
@Controller('api/v1')
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Get('squads')
  @ApiOperation({ summary: 'Squads visible to the caller, with their repositories and services (primary owner flagged)' })
  @ApiOkResponse({ description: '{"squads":[…]}' })
  async squads(@Access() access: AccessContext): Promise<SquadsResponse> {
    return this.org.squads(await access.visibleSquads());
  }

  @Get('groups')
  @ApiOperation({ summary: 'Groups visible to the caller (hierarchy through parent) with their visible squads' })
  async groups(@Access() access: AccessContext): Promise<GroupsResponse> {
    return this.org.groups(access.orgWide ? null : { groups: (await access.visibleGroups())!, squads: (await access.visibleSquads())! });
  }

  @Get('settings')
  @ApiOperation({ summary: 'Org settings: name, time zone, production environment pattern' })
  settings(): Promise<OrgSettings> {
    return this.org.settings();
  }
}
