import { Controller, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/index.js';
import { type WebhookResult, WebhooksService } from './webhooks.service.js';

@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /**
   * Public at the HTTP layer: the service authenticates every delivery itself (HMAC signature over
   * the raw body with the source's secret, or a bearer token with the `ingest` scope).
   */
  @Post(':kind')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Webhook receiver (github, pagerduty: signed; cdevents: bearer token with the ingest scope)',
    description:
      '202 {"accepted":true,…} when stored; 200 {"duplicate":true} for a replayed delivery id (nothing stored twice); 202 {"ignored":true} for events that map to nothing; 401 bad signature/token; 400 naming the field of a malformed payload; 422 event_rejected naming the field for a CDEvent of an unsupported type or failing its CDEvents 0.5.1 schema; 413 over 1 MB.',
  })
  @ApiQuery({ name: 'source', required: false, description: 'source id; may be omitted when exactly one enabled source of the kind exists' })
  async receive(
    @Param('kind') kind: string,
    @Req() req: Request & { rawBody?: Buffer },
    @Res({ passthrough: true }) res: Response,
    @Query('source') source?: string,
  ): Promise<WebhookResult> {
    const result = await this.webhooks.receive({ kind, sourceId: source, headers: req.headers, rawBody: req.rawBody });
    if (result.duplicate) res.status(200);
    return result;
  }
}
