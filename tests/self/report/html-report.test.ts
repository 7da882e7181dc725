// The HTML report as a person sees it: two runs of the contract suite, each with --report=html and
// one shared history file — the first against the embedded sandbox (all pass), the second against a
// faulty target (the fault proxy: unknown methods answered 400) — then the report opened in headless
// Chromium. The page must show the counts, the tests grouped by rule, the categories (breaches,
// mismatches, skipped), the failing rule, two points of history, and the night-by-night page: the
// failing rule passed in the first run and failed in the second, and each run's duration, requests
// and retries. Screenshots are kept in reports/ (CI artefacts).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { faultByName } from '../../../src/faults/catalogue.js';
import { startFaultProxy, type RunningFaultProxy } from '../../../src/faults/proxy.js';
import { htmlReportDir, HISTORY_ENV } from '../../../src/runner/report/paths.js';
import { COVERAGE_TITLE, TREND_TEXT_TITLE, TREND_TITLE } from '../../../src/runner/report/html.js';
import { readResults } from '../../../src/runner/results.js';
import { CATEGORY_TITLE } from '../../../src/runner/report/labels.js';
import type { Summary } from '../../../src/runner/summary.js';
import { readSummary, ROOT, runSuite, tempDir, writeProfile, type SuiteRun } from '../runner/run-suite.js';
import type { Page } from 'playwright-core';
import { launchChromium } from './browser.js';

// The page renders its data with JavaScript: generous on a loaded machine (other self tests run beside it).
const UI_WAIT_MS = 45_000;
const dir = tempDir('html-report');
const reportDir = join(dir, 'reports');
let proxy: RunningFaultProxy;
const runs: SuiteRun[] = [];
/** Each run's summary, read before the next run replaces it. */
const summaries: Summary[] = [];

beforeAll(async () => {
  proxy = await startFaultProxy({ fault: faultByName('unknown-method-400') });
  // No unknown client in the profile: the rows that need one are skipped with a reason.
  const profile = writeProfile(dir, (p) => {
    delete p.unknownClientNo;
  });
  const args = ['--profile', profile, '--report=html', '--report-dir', reportDir, 'tests/contract/not-found-404.test.ts'];
  const env = { [HISTORY_ENV]: join(dir, 'history', 'history.jsonl') };
  // Night 1: the embedded sandbox (every test passes); night 2: the faulty target.
  for (const target of [[], ['--base-url', proxy.url]]) {
    runs.push(await runSuite([...target, ...args], env));
    summaries.push(readSummary(reportDir));
  }
}, 150_000);
afterAll(async () => {
  await proxy?.close();
});

test('the first run passes, the second fails on the fault, and both build the report', () => {
  expect(runs.map((r) => r.exitCode)).toEqual([0, 1]);
  for (const run of runs) expect(run.output).toContain(`HTML report: ${join(htmlReportDir(reportDir), 'index.html')}`);
});

/** The text of the Markdown attachment's frame (the report renders Markdown in a sandboxed frame). */
async function frameText(page: Page, contains: string): Promise<string> {
  for (const frame of page.frames()) {
    const text = await frame
      .locator('body')
      .innerText()
      .catch(() => '');
    if (frame !== page.mainFrame() && text.includes(contains)) return text;
  }
  return '';
}

test('the report in Chromium shows the counts, the rules, the categories, the failing rule, and two nights of history per rule and per run', async () => {
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
    // The tree groups the tests by the rule they are written for, passing ones too (no test name holds a rule id).
    const written = new Set(readResults(reportDir)!.tests.flatMap((t) => (t.rule ? [t.rule] : [])));
    expect(written.size).toBeGreaterThan(1);
    for (const rule of written) expect(text).toContain(rule);

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

    // Night by night: the picture, and the same as a table, whose cells say per rule and run how many
    // tests passed or failed, and per run its duration, requests and retries.
    await page.goto(`${url}#globalAttachments`);
    await page.getByText(TREND_TITLE, { exact: true }).click({ timeout: UI_WAIT_MS });
    const picture = page.locator('img').first();
    await expect
      .poll(() => picture.evaluate((img) => (img as unknown as { naturalHeight: number }).naturalHeight).catch(() => 0), {
        timeout: UI_WAIT_MS,
      })
      .toBeGreaterThan(150);
    await page.screenshot({ path: join(ROOT, 'reports', 'html-report-trend.png'), fullPage: true });
    await page.getByText(TREND_TEXT_TITLE, { exact: true }).click();
    await expect.poll(() => frameText(page, 'Pass/fail per rule'), { timeout: UI_WAIT_MS }).toContain('UNKNOWN-METHOD-404');
    const table = await frameText(page, 'Pass/fail per rule');
    const [first, second] = summaries.map((s) => s.rules.find((r) => r.rule === 'UNKNOWN-METHOD-404')!);
    expect(first!.failed).toBe(0);
    expect(second!.passed).toBe(0);
    expect(table).toMatch(
      new RegExp(`UNKNOWN-METHOD-404\\s+documented\\s+✓ ${first!.passed}\\s+✗ ${second!.failed}/${second!.failed}\\s*\\n`),
    );
    // Two runs, each with its own requests and retries (from its summary) and a duration.
    const runRows = table.split('\n').filter((l) => /^(#1|this run)\t/.test(l));
    expect(runRows).toHaveLength(2);
    runRows.forEach((row, i) => {
      const cells = row.split('\t');
      expect(cells.slice(-3)).toEqual([
        expect.stringMatching(/^\d+\.\d s$/),
        String(summaries[i]!.requests),
        String(summaries[i]!.retries),
      ]);
    });

    // This run's verdict and account agree with the run's exit code and summary.json.
    await page.getByText(COVERAGE_TITLE, { exact: true }).click();
    const verdict = `verified ${summary.coverage.verified} of ${summary.coverage.total} rules`;
    await expect.poll(() => frameText(page, verdict), { timeout: UI_WAIT_MS }).toContain(`exit code ${summary.exitCode}:`);
    const coverage = await frameText(page, verdict);
    expect(summary.exitCode).toBe(runs[1]!.exitCode);
    expect(coverage).toContain(readFileSync(join(reportDir, 'summary.md'), 'utf8').split('\n')[0]!);
    for (const [rule, { status }] of Object.entries(summary.coverage.rules))
      expect(coverage).toMatch(new RegExp(`${rule}\\s+\\S+\\s+${status}\\b`));
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 180_000);
