import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import { PublicRateLimitMiddleware } from '../../src/common/public-rate-limit.middleware.js';
import type { AppConfig } from '../../src/config/config.js';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { adminToken, bearer } from '../support/auth.js';

/** Throttling of the routes reachable without credentials (webhooks, sign-in), per client address. */
describe('public routes are throttled per client address', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase('throttle');
    app = await createTestApp(db.url, { BEARING_PUBLIC_RATE_LIMIT: '3' });
    admin = await adminToken(app);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('the 4th request in a minute to a webhook or sign-in route is a 429 with Retry-After; other routes are not counted', async () => {
    const hook = () => request(app.getHttpServer()).post('/api/v1/webhooks/github').set('Content-Type', 'application/json').send('{}');
    // unsigned deliveries: rejected, but each one counts
    for (let i = 0; i < 2; i++) expect((await hook()).status).not.toBe(429);
    // the sign-in routes share the client's budget
    expect((await request(app.getHttpServer()).get('/api/v1/auth/providers')).status).toBe(200);
    const limited = await hook();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // a made-up bearer token does not buy a way around it
    expect((await hook().set('Authorization', 'Bearer brg_made_up')).status).toBe(429);
    // authenticated API routes are not throttled here
    for (let i = 0; i < 5; i++) expect((await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', bearer(admin))).status).toBe(200);
  });

  it('the budget comes back with the next minute, per address (pure, with a clock)', () => {
    let now = Date.parse('2026-11-23T10:00:10Z');
    const limiter = new PublicRateLimitMiddleware({ auth: { publicRateLimit: 2 } } as AppConfig, { now: () => new Date(now) } as Clock);
    const call = (ip: string) => {
      let status = 200;
      const res = { setHeader: () => res, status: (s: number) => ((status = s), res), json: () => res } as unknown as Response;
      let passed = false;
      limiter.use({ ip } as Request, res, () => (passed = true));
      return passed ? 200 : status;
    };
    // 2 per minute: the third from A is refused, B has its own budget
    expect([call('A'), call('A'), call('A'), call('B')]).toEqual([200, 200, 429, 200]);
    now = Date.parse('2026-11-23T10:00:59Z');
    expect(call('A')).toBe(429);
    now = Date.parse('2026-11-23T10:01:00Z');
    expect(call('A')).toBe(200);
  });
});
