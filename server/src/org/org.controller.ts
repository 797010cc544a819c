import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { GroupsResponse, OrgSettings, SquadsResponse } from '@bearing/shared';
import { OrgService } from './org.service.js';

@ApiTags('organisation')
@Controller('api/v1')
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Get('squads')
  @ApiOperation({ summary: 'Squads with their repositories and services (primary owner flagged)' })
  @ApiOkResponse({ description: '{"squads":[…]}' })
  squads(): Promise<SquadsResponse> {
    return this.org.squads();
  }

  @Get('groups')
  @ApiOperation({ summary: 'Groups (hierarchy through parent) with their squads' })
  groups(): Promise<GroupsResponse> {
    return this.org.groups();
  }

  @Get('settings')
  @ApiOperation({ summary: 'Org settings: name, time zone, production environment pattern' })
  settings(): Promise<OrgSettings> {
    return this.org.settings();
  }
}
