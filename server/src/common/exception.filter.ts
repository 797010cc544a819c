import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ERROR_STATUS } from './errors.js';

function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001', '08003'].includes(e?.code ?? '') ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(e?.message ?? '')
  );
}

/** Maps every error to `{"error":{"code","message","details"?}}`; unknown errors never leak a stack. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.end();
      return;
    }
    if (exception instanceof DomainError) {
      res.status(ERROR_STATUS[exception.code]).json({
        ...exception.body,
        error: { code: exception.code, message: exception.message, ...(exception.details !== undefined ? { details: exception.details } : {}) },
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? ((response as { message: string[] }).message).join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      const code =
        status === 404 ? 'not_found' : status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 429 ? 'rate_limited' : status < 500 ? 'bad_request' : 'internal_error';
      res.status(status).json({ error: { code, message } });
      return;
    }
    const e = exception as { type?: string; status?: number; message?: string };
    // body-parser errors (malformed JSON, too large) arrive as plain errors with a status
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      const code = e.status === 413 ? 'payload_too_large' : 'bad_request';
      res.status(e.status).json({ error: { code, message: e.type === 'entity.parse.failed' ? 'body: invalid JSON' : (e.message ?? 'bad request') } });
      return;
    }
    if (isDatabaseDown(exception)) {
      res.status(503).json({ error: { code: 'database_unavailable', message: 'The database is unavailable; retry shortly.' } });
      return;
    }
    const correlationId = randomUUID();
    this.logger.error({ err: exception, correlationId }, "Unhandled error");
    res.status(500).json({ error: { code: 'internal_error', message: 'Internal error', details: { correlationId } } });
  }
}
