/**
 * Shared helpers of the browser tests: the Chromium to drive, one real server on a freshly
 * seeded demo database per test file, signed-in browser contexts per demo user, and a
 * console-error collector.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { DEFAULT_WEB_DIST, createApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { DEMO_PASSWORD } from '../../src/auth/services/auth-bootstrap.service.js';
import { seedDemoIfEmpty } from '../../src/seed/demo-seed.js';
import { login } from '../support/auth.js';
import { type TestDatabase, createTestDatabase } from '../support/db.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// Browser tests need Debian's chromium (.ci/run installs it). Outside CI, a machine without it
// skips the browser files with the reason printed; in CI its absence is a failure.
export const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run must install it`);
export function describeBrowserIf(file: string): typeof describe {
  if (!haveBrowser) process.stderr.write(`${file}: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);
  return haveBrowser ? describe : describe.skip;
}

export interface DemoServer {
  db: TestDatabase;
  app: NestExpressApplication;
  browser: Browser;
  baseUrl: string;
  close: () => Promise<void>;
}

/** The real server on its own database seeded with the demo org, listening, plus Chromium. */
export async function startDemoServer(name: string): Promise<DemoServer> {
  if (!existsSync(`${DEFAULT_WEB_DIST}/index.html`)) throw new Error('build the web app first (npm test does)');
  const db = await createTestDatabase(name);
  // no scheduler: a test's "Sync now" never races a scheduled run; git mirrors go to a temp dir
  const gitCache = mkdtempSync(join(tmpdir(), `bearing-${name}-git-`));
  const config = loadConfig({ LOG_LEVEL: 'silent', BEARING_DEMO: 'true', BEARING_SCHEDULER: 'false', BEARING_GIT_CACHE_DIR: gitCache });
  const app = await createApp(config, db.url, { logger: false });
  await app.init();
  if (!(await seedDemoIfEmpty(app, new Logger('test'), new Date()))) throw new Error('demo seed did not run');
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    db,
    app,
    browser,
    baseUrl,
    close: async () => {
      await browser.close();
      await app.close();
      await db.drop();
      rmSync(gitCache, { recursive: true, force: true });
    },
  };
}

/** A browser context signed in as a demo user (the session cookie from a real sign-in). */
export async function signedInContext(server: DemoServer, email: string): Promise<BrowserContext> {
  const session = await login(server.app, email, DEMO_PASSWORD);
  const context = await server.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies(
    session.cookie.split('; ').map((pair) => {
      const [cookieName, ...value] = pair.split('=');
      return { name: cookieName!, value: value.join('='), url: server.baseUrl };
    }),
  );
  return context;
}

/**
 * Collects everything that went wrong on the page: uncaught errors, console errors (the
 * browser logs every failed request as one), API answers of 400 and above, and requests that
 * failed outright (a request the app aborted itself, e.g. a superseded query, is not a failure).
 * Every API the views call exists on this server, so nothing is allowed to fail.
 */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`${res.request().method()} ${res.url()} → ${res.status()}`);
  });
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText ?? 'failed';
    if (!/ERR_ABORTED/.test(failure)) errors.push(`${req.method()} ${req.url()}: ${failure}`);
  });
  return errors;
}

export const SCREENSHOT_DIR = process.env.BEARING_SCREENSHOT_DIR ?? '/tmp';
