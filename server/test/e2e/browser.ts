/**
 * Shared helpers of the browser tests: the Chromium to drive, one real server on a freshly
 * seeded demo database per test file, signed-in browser contexts per demo user, and a
 * console-error collector.
 */
import { existsSync } from 'node:fs';
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
  const config = loadConfig({ LOG_LEVEL: 'silent', BEARING_DEMO: 'true' });
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
 * APIs that other branches add (drift, sources/sync runs): until they are merged the server
 * answers 404 or 400 "not computed yet", the browser logs the failed request, and the view
 * shows "not available yet on this server". Only those requests are allowed to fail.
 */
const NOT_YET_ON_THIS_SERVER = /\/api\/v1\/(drift\/episodes|sources|sync-runs)(\?|\/|$)|\/api\/v1\/metrics\?.*metrics=[^&]*drift_/;

/** Collects page errors and console errors (except the allowed not-yet-available requests). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  const allowed = new Set<string>();
  page.on('response', (res) => {
    if ((res.status() === 404 || res.status() === 400) && NOT_YET_ON_THIS_SERVER.test(res.url())) allowed.add(res.url());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url;
    if (/Failed to load resource/.test(m.text()) && (allowed.has(url) || NOT_YET_ON_THIS_SERVER.test(url))) return;
    errors.push(`${m.text()} (${url})`);
  });
  return errors;
}

export const SCREENSHOT_DIR = process.env.BEARING_SCREENSHOT_DIR ?? '/tmp';
