import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { type TestDatabase, createTestDatabase } from '../support/db.js';
import { createTestApp } from '../support/app.js';
import { bearer, createToken, createUser, login } from '../support/auth.js';

/** S5: passwords, tokens, cookies and CSRF tokens never reach the logs (JSON logs captured through BEARING_LOG_FILE). */
describe('S5: secrets are redacted from the logs', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let dir: string;
  let logFile: string;

  beforeAll(async () => {
    db = await createTestDatabase('logs');
    dir = mkdtempSync(join(tmpdir(), 'bearing-logs-'));
    logFile = join(dir, 'server.log');
    app = await createTestApp(db.url, { LOG_LEVEL: 'info', BEARING_LOG_FILE: logFile });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs requests without the password, bearer token, session cookie or CSRF token', async () => {
    const password = 'Pa55word-that-must-not-leak';
    const user = await createUser(app, { roles: ['admin'], password });
    const { secret } = await createToken(app, ['admin']);
    // a failed and a successful sign-in (the password is in the JSON body)
    await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email: user.email, password: `${password}-wrong` }).expect(401);
    const session = await login(app, user.email, password);
    const sessionToken = session.cookie.split('; ')[0]!.split('=')[1]!;
    // bearer, cookie and CSRF headers on reads and writes, good and bad
    await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', bearer(secret)).expect(200);
    await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', bearer(`${secret}x`)).expect(401);
    await request(app.getHttpServer()).get('/api/v1/me').set('Cookie', session.cookie).expect(200);
    await request(app.getHttpServer()).post('/api/v1/tokens').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrfToken).send({ name: 'n', scopes: ['read'] }).expect(201);
    // application log lines that carry a token, as an object field or inside the message
    const logger = app.get(Logger);
    logger.log({ token: secret, authorization: `Bearer ${secret}`, password }, 'structured line with secrets');
    logger.warn(`a message that quotes the token ${secret} by mistake`);

    const text = readFileSync(logFile, 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // the requests were logged (so the absence below means something)
    expect(lines.filter((l) => (l.req as { url?: string } | undefined)?.url === '/api/v1/me').length).toBeGreaterThanOrEqual(3);
    expect(lines.some((l) => (l.req as { url?: string } | undefined)?.url === '/api/v1/auth/login')).toBe(true);
    expect(text).toContain('"authorization":"[redacted]"');
    expect(text).toContain('"cookie":"[redacted]"');
    expect(text).toContain('brg_[redacted]');
    for (const leaked of [password, secret, secret.slice(4), sessionToken, session.csrfToken]) {
      expect(text).not.toContain(leaked);
    }
  });
});
