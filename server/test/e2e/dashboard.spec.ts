import { existsSync } from 'node:fs';
import { CHROMIUM, CHROMIUM_ARGS, describeBrowserIf } from './browser.js';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { DEFAULT_WEB_DIST, createApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { DEMO_PASSWORD } from '../../src/auth/services/auth-bootstrap.service.js';
import { seedDemoIfEmpty } from '../../src/seed/demo-seed.js';
import { login } from '../support/auth.js';
import { type TestDatabase, createTestDatabase } from '../support/db.js';

const describeBrowser = describeBrowserIf('dashboard.spec');

describeBrowser('dashboard in a real browser, on the demo organisation', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let browser: Browser;
  let context: BrowserContext;
  let baseUrl: string;

  beforeAll(async () => {
    expect(existsSync(`${DEFAULT_WEB_DIST}/index.html`)).toBe(true); // npm test builds the web app first
    db = await createTestDatabase('e2e');
    const config = loadConfig({ LOG_LEVEL: 'silent', BEARING_DEMO: 'true' });
    app = await createApp(config, db.url, { logger: false });
    await app.init();
    const today = new Date();
    expect(await seedDemoIfEmpty(app, new Logger('test'), today)).toBe(true);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // signed in as the demo VP (sees the whole org): the session cookie goes to the browser
    const session = await login(app, 'vp@demo.bearing', DEMO_PASSWORD);
    context = await browser.newContext();
    await context.addCookies(
      session.cookie.split('; ').map((pair) => {
        const [name, ...value] = pair.split('=');
        return { name: name!, value: value.join('='), url: baseUrl };
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it('opens the Director view and shows the deployments chart with data', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/director/);
    // the chart container reports its state; the SVG exists only once data and chart code loaded
    await page.locator('[data-testid="deployments-chart"][data-state="ready"] svg').first().waitFor({ timeout: 20_000 });
    // drawn data points exist, so the chart has data, not just axes
    await page.waitForFunction(
      `document.querySelectorAll('[data-testid="deployments-chart"][data-state="ready"] svg .recharts-line-dot').length > 0`,
      undefined,
      { timeout: 20_000 },
    );
    // the squads table shows real, non-zero deployment counts from the API
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/Deployments/i);
    const counts = await page.locator('main table tbody tr').count();
    expect(counts).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: `${process.env.BEARING_SCREENSHOT_DIR ?? '/tmp'}/bearing-director.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('client-side routes fall back to index.html and keep the URL filters', async () => {
    const page = await context.newPage();
    const res = await page.goto(`${baseUrl}/squad?scope=org&from=2026-01-01&to=2026-02-01&interval=week`);
    expect(res?.status()).toBe(200);
    await page.locator('nav').first().waitFor();
    expect(page.url()).toContain('from=2026-01-01');
    await page.close();
  });

  it('says when the metrics are being rebuilt after a large import, and clears the notice when they are done', async () => {
    const page = await context.newPage();
    // as a large import leaves it: its rows committed, its derived facts pending
    await db.query(`UPDATE org_settings SET facts_pending_since = now() WHERE id = 1`);
    try {
      await page.goto(`${baseUrl}/director`);
      const notice = page.locator('[data-testid="facts-rebuilding"]');
      await notice.waitFor({ timeout: 20_000 });
      expect(await notice.textContent()).toContain('Metrics are being rebuilt after a large import');
      // the rebuild commits (it clears the marker): the notice goes at the next poll (5 s)
      await db.query(`UPDATE org_settings SET facts_pending_since = NULL WHERE id = 1`);
      await notice.waitFor({ state: 'detached', timeout: 15_000 });
    } finally {
      await db.query(`UPDATE org_settings SET facts_pending_since = NULL WHERE id = 1`);
      await page.close();
    }
  });
});
