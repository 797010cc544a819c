import { readFileSync } from 'node:fs';
import type { SquadsResponse } from '@bearing/shared';
import type { BrowserContext, Page, Request } from 'playwright-core';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../src/auth/services/auth-bootstrap.service.js';
import { login } from '../support/auth.js';
import { type DemoServer, SCREENSHOT_DIR, collectErrors, describeBrowserIf, signedInContext, startDemoServer } from './browser.js';

/**
 * The Director view in a real browser, signed in as the demo director of group `payments`:
 * scoping to their group, drill-down from a lead-time number, the period picker, and the CSV
 * export. One server and one browser for the file, a fresh signed-in page per test.
 */
const describeBrowser = describeBrowserIf('director.spec');

const DIRECTOR = 'director@demo.bearing';
const squadRows = 'section[aria-labelledby="squads-heading"] tbody tr[data-scope^="squad:"]';

/** A minimal RFC 4180 parser: quoted cells with "" escapes, CRLF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describeBrowser('the Director view in a real browser, as the director of Payments', () => {
  let server: DemoServer;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startDemoServer('e2e_director');
    context = await signedInContext(server, DIRECTOR);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
  });

  async function openDirector(): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/director/);
    await page.locator(squadRows).first().waitFor({ timeout: 30_000 });
    return { page, errors };
  }

  const rowNames = (page: Page) => page.locator(`${squadRows} th a`).allInnerTexts();

  it('lists only the squads of Payments (as the API answers the director), and a squad outside it is not shown', async () => {
    const api = request(server.app.getHttpServer());
    const session = await login(server.app, DIRECTOR, DEMO_PASSWORD);
    const visible = (await api.get('/api/v1/squads').set('Cookie', session.cookie).expect(200)).body as SquadsResponse;
    expect(visible.squads.length).toBeGreaterThan(0);
    expect(visible.squads.every((s) => s.group === 'payments')).toBe(true);
    // the org has squads outside payments, among them growth-experiments
    const admin = await login(server.app, 'admin@demo.bearing', DEMO_PASSWORD);
    const all = (await api.get('/api/v1/squads').set('Cookie', admin.cookie).expect(200)).body as SquadsResponse;
    const outside = all.squads.find((s) => s.key === 'growth-experiments');
    expect(outside?.group).not.toBe('payments');
    expect(all.squads.length).toBeGreaterThan(visible.squads.length);

    const { page, errors } = await openDirector();
    expect((await rowNames(page)).sort()).toEqual(visible.squads.map((s) => s.name).sort());
    const scopes = await page.locator(squadRows).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-scope')));
    expect(scopes.sort()).toEqual(visible.squads.map((s) => `squad:${s.key}`).sort());
    await page.screenshot({ path: `${SCREENSHOT_DIR}/bearing-director-payments.png`, fullPage: true });
    // every headline metric is a column, drift recovery and pattern citation included, and each
    // squad has a number (or an explicit no-data mark) in them; no "not built yet" panel
    const headers = (await page.locator('table thead th').allTextContents()).join(' | ');
    expect(headers).toMatch(/Drift recovery/i);
    expect(headers).toMatch(/Citation rate/i);
    expect(await page.getByText(/arrive with the drift/i).count()).toBe(0);
    const citationCells = await page.locator(`${squadRows} [data-metric="pattern_citation_rate"]`).allInnerTexts();
    expect(citationCells.length).toBe(visible.squads.length);
    expect(citationCells.some((t) => /\d/.test(t))).toBe(true); // the demo's squads cite patterns

    // a shared link to a squad outside the group: a not-available state, none of its numbers
    await page.goto(`${server.baseUrl}/squad?scope=squad%3Agrowth-experiments`);
    // (the director's org structure does not name the squad, so the heading may show its key)
    await page.getByRole('heading', { name: /is not available to you$/ }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('heading', { name: /is not available to you$/ }).innerText()).toMatch(new RegExp(`${outside!.name}|growth-experiments`, 'i'));
    const main = page.locator('main');
    expect(await main.locator('button.metric-value, [data-testid="lead-time-stages-chart"], [data-testid="uncited-prs"], [data-testid="drift-episodes"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fills the table from one batch request per period (not one request per squad); the charts ask for their own scope only', async () => {
    const page = await context.newPage();
    const errors = collectErrors(page);
    const requests: Array<{ method: string; path: string; search: URLSearchParams; body: { scopes?: string[]; from?: string; to?: string } | null }> = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      // (the facts status the layout polls is no metrics computation)
      if (!url.pathname.startsWith('/api/v1/metrics') || url.pathname === '/api/v1/metrics/status') return;
      requests.push({ method: req.method(), path: url.pathname, search: url.searchParams, body: req.method() === 'POST' ? (req.postDataJSON() as never) : null });
    });
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/director/);
    await page.locator(squadRows).first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle'); // the previous period's batch too
    const shown = await page.locator('section[aria-labelledby="squads-heading"] tbody tr[data-scope]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-scope')));
    expect(shown.length).toBeGreaterThan(1);

    const batches = requests.filter((r) => r.path === '/api/v1/metrics/batch');
    expect(batches.map((b) => b.method)).toEqual(['POST', 'POST']);
    const [current, previous] = batches;
    // this period first (the default: the last three months), then the one before it of the
    // same length, each for every row of the table
    const days = (b: { from?: string; to?: string }) => (Date.parse(b.to!) - Date.parse(b.from!)) / 86_400_000;
    expect(days(current!.body!)).toBeGreaterThanOrEqual(89);
    expect(previous!.body!.to).toBe(current!.body!.from);
    expect(days(previous!.body!)).toBe(days(current!.body!));
    for (const b of batches) expect([...b.body!.scopes!].sort()).toEqual([...shown].sort());
    // the only other metrics requests: the trend charts' GET for the page's own scope
    const singles = requests.filter((r) => r.path === '/api/v1/metrics');
    expect(singles.length).toBeLessThanOrEqual(1);
    expect(singles.every((r) => r.method === 'GET' && r.search.get('from') === current!.body!.from)).toBe(true);
    // (the page's own scope goes first in the batch)
    expect(singles.map((r) => r.search.get('scope') ?? 'org').every((s) => s === current!.body!.scopes![0])).toBe(true);
    expect(requests.length).toBe(batches.length + singles.length);
    await page.locator('[data-testid="deployments-chart"][data-state="ready"]').waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a lead-time number opens its drill-down, listing the PRs behind it', async () => {
    const { page, errors } = await openDirector();
    // column 1 is the squad, 2 deployment frequency, 3 lead time: a squad with a lead time
    const leadTimes = page.locator(`${squadRows} td:nth-child(3) button.metric-value`);
    const texts = await leadTimes.allInnerTexts();
    const index = texts.findIndex((t) => /\d/.test(t));
    expect(index).toBeGreaterThanOrEqual(0);
    await leadTimes.nth(index).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(page.url()).toContain('drill=lead_time_for_changes');
    await dialog.getByRole('heading', { name: /Lead time/ }).waitFor();
    const rows = dialog.locator('table tbody tr');
    await rows.first().waitFor({ timeout: 20_000 });
    expect(await rows.count()).toBeGreaterThan(0);
    // the Change column names each PR as repo#number
    const headers = await dialog.locator('table thead th').allTextContents(); // (innerText is upper-cased by CSS)
    expect(headers.map((h) => h.trim())).toContain('Change');
    const changeIndex = headers.findIndex((h) => h.trim() === 'Change');
    const changes = await rows.locator(`td:nth-child(${changeIndex + 1}), th:nth-child(${changeIndex + 1})`).allInnerTexts();
    expect(changes.length).toBeGreaterThan(0);
    // every row is a change: a PR (repo#number) or, for a direct push, a commit (repo@sha);
    // the demo org's lead time is mostly PRs, linked out to GitHub
    expect(changes.filter((c) => !/^\S+(#\d+|@[0-9a-f]{7,})/.test(c))).toEqual([]);
    const prs = changes.filter((c) => /^\S+#\d+/.test(c));
    expect(prs.length).toBeGreaterThan(changes.length / 2);
    const prLink = rows.locator(`:is(td, th):nth-child(${changeIndex + 1}) a[href*="/pull/"]`);
    expect(await prLink.count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('changing the period updates the URL, requests the new period, and the numbers change', async () => {
    const { page, errors } = await openDirector();
    const before = new URL(page.url()).searchParams;
    const cells = () => page.locator(`${squadRows} button.metric-value`).allInnerTexts();
    const oldNumbers = await cells();
    const oldCaption = await page.locator('section[aria-labelledby="squads-heading"] caption').innerText();

    // the table's batch (a POST with the period in its body) or the charts' GET, for another period
    const periodOf = (req: Request) => (req.method() === 'POST' ? `from=${(req.postDataJSON() as { from?: string }).from}` : req.url());
    const metricsRequest = page.waitForRequest((req) => /\/api\/v1\/metrics/.test(req.url()) && !periodOf(req).includes(`from=${before.get('from')}`));
    await page.getByLabel('Period').selectOption('last-4-weeks');
    const req = await metricsRequest;
    await page.waitForURL((url) => url.searchParams.get('from') !== before.get('from'));
    const after = new URL(page.url()).searchParams;
    expect(after.get('to')).toBeTruthy();
    expect(periodOf(req)).toContain(`from=${after.get('from')}`);
    // 4 weeks, not the default 3 months
    const days = (Date.parse(after.get('to')!) - Date.parse(after.get('from')!)) / 86_400_000;
    expect(days).toBe(28);
    // the table re-renders for the new period (the caption names it), then with its numbers
    // (expressions as strings: this file is type-checked without the DOM library)
    await page.waitForFunction(
      `document.querySelector('section[aria-labelledby="squads-heading"] caption')?.textContent !== ${JSON.stringify(oldCaption)}`,
      undefined,
      { timeout: 20_000 },
    );
    await page.locator(squadRows).first().waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      `(() => {
        const now = [...document.querySelectorAll('${squadRows} button.metric-value')].map((b) => b.innerText);
        return now.length > 0 && JSON.stringify(now) !== ${JSON.stringify(JSON.stringify(oldNumbers))};
      })()`,
      undefined,
      { timeout: 20_000 },
    );
    expect(await cells()).not.toEqual(oldNumbers);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the CSV download has the table’s squads, with the numbers the table shows', async () => {
    const { page, errors } = await openDirector();
    const names = await rowNames(page);
    const shownDeploys = await page.locator(`${squadRows} td:nth-child(2) button.metric-value`).allInnerTexts();
    expect(names.length).toBeGreaterThan(0);

    const download = page.waitForEvent('download');
    await page.locator('section[aria-labelledby="squads-heading"]').getByRole('button', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^bearing-squads-.*\.csv$/);
    const path = await file.path();
    const [header, ...rows] = parseCsv(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
    const col = (name: string) => {
      const i = header!.indexOf(name);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    const squads = rows.filter((r) => r[col('kind')] === 'squad');
    expect(squads.map((r) => r[col('name')])).toEqual(names);
    // deployments per week: the table shows it to one decimal (en-GB grouping)
    const csvDeploys = squads.map((r) => r[col('deployments_per_week')]!);
    const asShown = csvDeploys.map((v) =>
      v === '' ? '—' : new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(Number(v)),
    );
    expect(asShown).toEqual(shownDeploys);
    expect(csvDeploys.some((v) => Number(v) > 0)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
