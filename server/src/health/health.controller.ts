import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HealthResponse } from '@bearing/shared';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators/auth.decorators.js';

const PROBE_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Public() // health and liveness probes carry no credentials
@Controller('api/v1')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async databaseReachable(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
        }),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  @Get('health')
  @ApiOperation({ summary: 'Liveness and readiness: ok when the process is up and the database reachable, else 503' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    if (await this.databaseReachable()) return { status: 'ok' };
    res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'unavailable' };
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness only: the process answers (does not touch the database)' })
  live(): HealthResponse {
    return { status: 'ok' };
  }
}
