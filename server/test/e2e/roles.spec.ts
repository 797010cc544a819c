import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { type DemoServer, SCREENSHOT_DIR, collectErrors, describeBrowserIf, signedInContext, startDemoServer } from './browser.js';

/**
 * Each role's view in a real browser on the demo organisation: one server and one browser for
 * the file, one signed-in context per role. Each test fails when its view breaks: the landing
 * URL, charts drawn with data, tables with rows, drill-downs with events, no console errors.
 */
const describeBrowser = describeBrowserIf('roles.spec');

const chartReady = (testId: string) => `[data-testid="${testId}"][data-state="ready"] svg`;

async function openAs(server: DemoServer, email: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await signedInContext(server, email);
  const page = await context.newPage();
  const errors = collectErrors(page);
  return { context, page, errors };
}

describeBrowser('each role’s view in a real browser', () => {
  let server: DemoServer;

  beforeAll(async () => {
    server = await startDemoServer('e2e_roles');
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('Practice Lead: lands on their view; charts draw data, review concentration has rows, a drill-down lists reviewers', async () => {
    const { context, page, errors } = await openAs(server, 'practice-lead@demo.bearing');
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/practice/);
    // pattern citation rate per squad: lines with drawn points
    await page.locator(chartReady('citation-rate-chart')).first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      `document.querySelectorAll('[data-testid="citation-rate-chart"] svg .recharts-line-dot').length > 0`,
      undefined,
      { timeout: 20_000 },
    );
    await page.locator(chartReady('practice-lead-share-chart')).first().waitFor({ timeout: 20_000 });
    // drift: the episodes chart draws lines with points, and the per-squad table has real numbers
    await page.locator(chartReady('drift-episodes-chart')).first().waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      `document.querySelectorAll('[data-testid="drift-episodes-chart"] svg .recharts-line-dot').length > 0`,
      undefined,
      { timeout: 20_000 },
    );
    const driftRows = page.locator('section[aria-labelledby="drift-squads"] tbody tr');
    await driftRows.first().waitFor({ timeout: 20_000 });
    expect(await driftRows.count()).toBeGreaterThanOrEqual(3);
    const episodes = (await driftRows.locator('td:nth-child(2)').allInnerTexts()).map((t) => Number(t.replace(/[^\d.]/g, '')));
    expect(episodes.every((n) => Number.isFinite(n))).toBe(true);
    expect(Math.max(...episodes)).toBeGreaterThan(0);
    // a recovery time is shown for some squad (a duration, not "—")
    expect((await driftRows.locator('td:nth-child(3)').allInnerTexts()).some((t) => /\d/.test(t))).toBe(true);
    // most/least cited patterns from the library
    await page.locator('#most-cited + div table tbody tr').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('#least-cited + div table tbody tr').count()).toBeGreaterThan(0);
    await page.getByTestId('library-freshness').waitFor();
    // review concentration: one row per squad
    const reviewRows = page.locator('section[aria-labelledby="review-concentration"] tbody tr');
    await reviewRows.first().waitFor({ timeout: 20_000 });
    expect(await reviewRows.count()).toBeGreaterThanOrEqual(3);
    if (process.env.BEARING_README_SCREENSHOT) {
      // the README shows the view from the citation-rate chart down (1280×800)
      await page.locator('#citation-trend').evaluate((el) => el.closest('section')?.scrollIntoView());
      await page.screenshot({ path: resolve(process.cwd(), '..', 'docs', 'screenshot-practice-lead.png') });
    }
    await page.screenshot({ path: `${SCREENSHOT_DIR}/bearing-practice-lead.png`, fullPage: true });
    // a number opens its drill-down with the events behind it
    await reviewRows.first().locator('button.metric-value').first().click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(page.url()).toContain('drill=review_concentration');
    await dialog.locator('table tbody tr').first().waitFor({ timeout: 20_000 });
    expect(await dialog.locator('table tbody tr').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Squad lead: lands on their squad; the lead-time stages chart draws, and merged PRs without a citation are listed', async () => {
    const { context, page, errors } = await openAs(server, 'squad-lead@demo.bearing');
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/squad\?.*scope=squad%3Apayments-core/);
    await page.locator('h1', { hasText: 'Payments Core' }).waitFor({ timeout: 20_000 });
    await page.locator(chartReady('lead-time-stages-chart')).first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      `document.querySelectorAll('[data-testid="lead-time-stages-chart"] svg .recharts-bar-rectangle').length > 0`,
      undefined,
      { timeout: 20_000 },
    );
    const uncited = page.locator('[data-testid="uncited-prs"] tbody tr');
    await uncited.first().waitFor({ timeout: 20_000 });
    expect(await uncited.count()).toBeGreaterThan(0);
    // the squad's drift episodes are listed
    const drift = page.locator('[data-testid="drift-episodes"] tbody tr');
    await drift.first().waitFor({ timeout: 20_000 });
    expect(await drift.count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/bearing-squad.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Admin: lands on Admin; users lists the demo users; a pattern and a git source created in the UI work end to end', async () => {
    // a local git repository with two commits, for the git source
    const repoDir = mkdtempSync(join(tmpdir(), 'bearing-e2e-repo-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@demo.bearing', '-c', 'commit.gpgsign=false', ...args], { cwd: repoDir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repoDir, 'README.md'), '# e2e\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    writeFileSync(join(repoDir, 'app.ts'), 'export const x = 1;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'second');

    const { context, page, errors } = await openAs(server, 'admin@demo.bearing');
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/admin/);
    const users = page.locator('section[aria-labelledby="admin-users"] tbody');
    await users.locator('tr').first().waitFor({ timeout: 20_000 });
    const text = await users.innerText();
    for (const email of ['admin@demo.bearing', 'vp@demo.bearing', 'practice-lead@demo.bearing', 'squad-lead@demo.bearing', 'viewer@demo.bearing']) {
      expect(text).toContain(email);
    }
    await page.getByRole('link', { name: 'Pattern library' }).click();
    await page.waitForURL(/tab=patterns/);
    const library = page.locator('[data-testid="pattern-library"] tbody tr');
    await library.first().waitFor({ timeout: 20_000 });
    const before = await library.count();
    expect(before).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'New pattern' }).click();
    await page.getByLabel('Key').fill('PAT-E2E-1');
    await page.getByLabel('Title').fill('Browser-tested pattern');
    await page.getByRole('button', { name: 'Create pattern' }).click();
    await page.getByRole('status').filter({ hasText: 'Created PAT-E2E-1' }).waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="pattern-library"] tbody tr', { hasText: 'PAT-E2E-1' }).waitFor({ timeout: 20_000 });
    expect(await library.count()).toBe(before + 1);
    // people: accounts listed, the search narrows, and merging one person into another in the UI
    await page.getByRole('link', { name: 'People' }).click();
    await page.waitForURL(/tab=people/);
    const people = page.locator('[data-testid="people"] tbody tr');
    await people.first().waitFor({ timeout: 20_000 });
    expect(await people.count()).toBeGreaterThan(5);
    const [keep, extra] = await people.locator('th code').evaluateAll((els) => els.slice(0, 2).map((e) => e.textContent ?? ''));
    expect(await people.first().locator('td').nth(1).innerText()).toMatch(/@|github/);
    await page.getByLabel('Search people').fill(extra!);
    await people.filter({ hasText: extra! }).first().waitFor();
    await people.filter({ hasText: extra! }).first().getByRole('button', { name: /^Merge into/ }).click();
    const mergeForm = page.getByRole('form', { name: /^Merge / });
    await mergeForm.getByLabel('Person to keep').fill(keep!);
    await mergeForm.getByRole('button', { name: 'Review merge' }).click();
    await mergeForm.getByRole('button', { name: `Merge into ${keep}` }).click();
    await page.getByRole('status').filter({ hasText: `Merged ${extra} into ${keep}` }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Search people').fill(keep!);
    await people.filter({ hasText: keep! }).first().waitFor();
    expect(await page.locator('[data-testid="people"] tbody th code', { hasText: new RegExp(`^${extra}$`) }).count()).toBe(0);
    // sources: create a git source in the form, sync it now, and see the run succeed in the log
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.waitForURL(/tab=sources/);
    await page.locator('[data-testid="sources"] :is(table, .state--empty)').first().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'New source' }).click();
    const form = page.getByRole('form', { name: 'New source' });
    await form.getByLabel('Kind').selectOption('git');
    await form.getByLabel('Name', { exact: true }).fill('e2e repository');
    await form.getByLabel('Repository URL or path').fill(repoDir);
    await form.getByLabel('Repository key').fill('e2e/local');
    await form.getByRole('button', { name: 'Create source' }).click();
    await page.getByRole('status').filter({ hasText: 'Created e2e repository' }).waitFor({ timeout: 20_000 });
    const source = page.locator('[data-testid="sources"] tbody tr', { hasText: 'e2e repository' });
    await source.getByRole('button', { name: /^Sync now/ }).click();
    const run = page.locator('[data-testid="sync-runs"] tbody tr', { hasText: 'e2e repository' }).filter({ hasText: 'succeeded' });
    await run.waitFor({ timeout: 30_000 });
    expect(await run.innerText()).toContain('commit: 2');
    await source.filter({ hasText: 'ok' }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/bearing-admin.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
    rmSync(repoDir, { recursive: true, force: true });
  });

  it('Viewer: lands on the read-only squad view of their squad, with no write controls', async () => {
    const { context, page, errors } = await openAs(server, 'viewer@demo.bearing');
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/squad\?.*scope=squad%3Agrowth-experiments/);
    await page.locator(chartReady('lead-time-stages-chart')).first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="uncited-prs"] :is(table, .state--empty)').first().waitFor({ timeout: 20_000 });
    const main = page.locator('main');
    expect(await main.locator('form').count()).toBe(0);
    expect(await main.getByRole('button', { name: /^(New |Edit|Retire|Save|Sync now|Disable|Enable|Set targets|Targets)/ }).count()).toBe(0);
    // and Admin says it is not for them, without showing any admin data
    await page.goto(`${server.baseUrl}/admin`);
    await page.getByText('The Admin view is not available to you').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
