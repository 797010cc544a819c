import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PrometheusRegistry } from './prometheus.js';

/** Records request latency per route pattern (never per raw URL, to keep label cardinality bounded). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly prometheus: PrometheusRegistry) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.prometheus.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const label = route ? `${req.baseUrl}${route}` : req.path.startsWith('/api/') ? 'unmatched' : 'static';
      end({ method: req.method, route: label, status: String(res.statusCode) });
    });
    next();
  }
}
