import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Clock } from './clock.js';

/**
 * Throttles the routes anyone can reach without credentials — the webhook receivers and the
 * sign-in routes — per client address: at most `publicRateLimit` requests per minute
 * (fixed one-minute windows), then `429` with `Retry-After` until the window ends. Every
 * request counts, with or without credentials (a made-up bearer token must not buy a way
 * around it). The failed-login limit still guards the password route on its own.
 *
 * Counters live in this process: with several replicas behind a balancer, a client gets up
 * to replicas × the limit. The table of addresses is bounded (oldest windows are dropped).
 */
@Injectable()
export class PublicRateLimitMiddleware implements NestMiddleware {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private static readonly MAX_CLIENTS = 50_000;
  private readonly limit: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.limit = config.auth.publicRateLimit;
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if (this.limit <= 0) return next();
    const key = req.ip ?? 'unknown';
    const now = this.clock.now().getTime();
    const minute = now - (now % 60_000);
    let w = this.windows.get(key);
    if (!w || w.start !== minute) {
      if (!w && this.windows.size >= PublicRateLimitMiddleware.MAX_CLIENTS) this.prune(minute);
      w = { start: minute, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count > this.limit) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil((minute + 60_000 - now) / 1000))));
      res.status(429).json({ error: { code: 'rate_limited', message: `Too many requests without credentials from this address; retry after the minute ends.` } });
      return;
    }
    next();
  }

  private prune(minute: number): void {
    for (const [k, v] of this.windows) if (v.start !== minute) this.windows.delete(k);
    // still full of this minute's clients: drop the oldest entries
    for (const k of this.windows.keys()) {
      if (this.windows.size < PublicRateLimitMiddleware.MAX_CLIENTS) break;
      this.windows.delete(k);
    }
  }
}
