// The HTML report as a person sees it: two runs of the contract suite against a faulty target (the
// fault proxy: unknown methods answered 400), each with --report=html and one shared history file,
// then the report opened in headless Chromium. The page must show the counts, the categories
// (breaches, mismatches, skipped), the failing rule, and two points of history.
// A screenshot is kept in reports/ (a CI artefact).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { faultByName } from '../../../src/faults/catalogue.js';
import { startFaultProxy, type RunningFaultProxy } from '../../../src/faults/proxy.js';
import { htmlReportDir, HISTORY_ENV } from '../../../src/runner/report/paths.js';
import { CATEGORY_TITLE } from '../../../src/runner/report/labels.js';
import { readSummary, ROOT, runSuite, tempDir, writeProfile, type SuiteRun } from '../runner/run-suite.js';
import { launchChromium } from './browser.js';

// The page renders its data with JavaScript: generous on a loaded machine (other self tests run beside it).
const UI_WAIT_MS = 45_000;
const dir = tempDir('html-report');
const reportDir = join(dir, 'reports');
let proxy: RunningFaultProxy;
const runs: SuiteRun[] = [];

beforeAll(async () => {
  proxy = await startFaultProxy({ fault: faultByName('unknown-method-400') });
  // No unknown client in the profile: the rows that need one are skipped with a reason.
  const profile = writeProfile(dir, (p) => {
    delete p.unknownClientNo;
  });
  const args = [
    '--base-url',
    proxy.url,
    '--profile',
    profile,
    '--report=html',
    '--report-dir',
    reportDir,
    'tests/contract/not-found-404.test.ts',
  ];
  const env = { [HISTORY_ENV]: join(dir, 'history', 'history.jsonl') };
  for (let i = 0; i < 2; i++) runs.push(await runSuite(args, env));
}, 150_000);
afterAll(async () => {
  await proxy?.close();
});

test('the suite runs fail on the fault and build the report', () => {
  for (const run of runs) {
    expect(run.exitCode, run.output.slice(-2000)).toBe(1);
    expect(run.output).toContain(`HTML report: ${join(htmlReportDir(reportDir), 'index.html')}`);
  }
});

test('the report in Chromium shows the counts, the categories, the failing rule and two nights of history', async () => {
  const summary = readSummary(reportDir);
  expect(summary.totals.breaches).toBeGreaterThan(0);
  expect(summary.totals.mismatches).toBeGreaterThan(0);
  expect(summary.skipped.length).toBeGreaterThan(0);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // The page is one file: any request elsewhere (e.g. analytics) is refused and fails the test.
    const elsewhere: string[] = [];
    await page.route(
      (u) => u.protocol !== 'file:' && u.protocol !== 'data:',
      (route) => {
        elsewhere.push(route.request().url());
        return route.abort();
      },
    );
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const url = pathToFileURL(join(htmlReportDir(reportDir), 'index.html')).href;
    await page.goto(url);
    const results = page.locator('body');
    // On a failure below, the screenshot shows what the page showed instead.
    const shot = (name: string) => page.screenshot({ path: join(ROOT, 'reports', name), fullPage: true });
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    await expect
      .poll(() => results.innerText(), { timeout: UI_WAIT_MS })
      .toMatch(/Total\s+\d+/)
      .catch(async (err) => {
        await shot('html-report-failed.png');
        throw err;
      });
    await shot('html-report-results.png');
    expect(await results.innerText()).toMatch(new RegExp(`Total\\s+${summary.totals.cases}\\b`));
    const text = await results.innerText();
    expect(text).toMatch(new RegExp(`Failed\\s+${summary.totals.failed}\\b`));
    expect(text).toMatch(new RegExp(`Passed\\s+${summary.totals.passed}\\b`));

    await page.goto(`${url}#categories`);
    await expect.poll(() => results.innerText(), { timeout: UI_WAIT_MS }).toContain('Breaches of documented behaviour');
    const categories = await results.innerText();
    expect(categories).toContain('Mismatches with our assumptions');
    expect(categories).toContain(CATEGORY_TITLE.skipped);
    expect(categories).toContain('UNKNOWN-METHOD-404');
    expect(categories).toContain('CHECK-ORDER');
    await shot('html-report-categories.png');

    // The trend chart has one point per run kept in the history: the earlier run (by date) and this one.
    await page.goto(`${url}#charts`);
    // The chart's card: the nearest element around the title that holds the chart (an svg).
    const trend = page
      .getByText('Pass/fail over the last 30 runs', { exact: true })
      .locator('xpath=ancestor::*[.//*[local-name()="svg"]][1]');
    await expect.poll(() => trend.innerText().catch(() => ''), { timeout: UI_WAIT_MS }).toContain('Latest');
    const ticks = (await trend.innerText()).split('\n').filter((l) => l === 'Latest' || /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(l));
    expect(ticks).toHaveLength(2);
    await page.screenshot({ path: join(ROOT, 'reports', 'html-report-history.png') });
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 180_000);
