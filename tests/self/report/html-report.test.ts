// The HTML report as a person sees it: two runs of the contract suite against one target (one
// address), each with --report=html — the first while it is correct (the fault proxy forwarding to
// the sandbox: all pass), the second while it is faulty (unknown methods answered 400) — then the
// reports opened in headless Chromium. The first screen (1400×1000, as opened) must show the run's
// summary: the exit code and its meaning, the verdict line, the counts. The page must show the
// counts, the tests grouped by rule, the categories (breaches, mismatches, skipped), the failing rule,
// two points of history (one history file: same profile, same target), and the night-by-night page:
// the failing rule passed in the first run and failed in the second, and each run's duration,
// requests and retries. Screenshots are kept in reports/ (CI artefacts).
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { faultByName } from '../../../src/faults/catalogue.js';
import { startFaultProxy, type RunningFaultProxy } from '../../../src/faults/proxy.js';
import { historyPath, htmlReportDir, HISTORY_ENV } from '../../../src/runner/report/paths.js';
import { verdictLine } from '../../../src/runner/account.js';
import { exitMeaning } from '../../../src/runner/summary.js';
import { COVERAGE_TITLE, TREND_TEXT_TITLE, TREND_TITLE } from '../../../src/runner/report/html.js';
import { readResults } from '../../../src/runner/results.js';
import { CATEGORY_TITLE } from '../../../src/runner/report/labels.js';
import type { Summary } from '../../../src/runner/summary.js';
import { readSummary, ROOT, runSuite, tempDir, writeProfile, type SuiteRun } from '../runner/run-suite.js';
import type { Page } from 'playwright-core';
import { launchChromium, openReport } from './browser.js';

// The page renders its data with JavaScript: generous on a loaded machine (other self tests run beside it).
const UI_WAIT_MS = 45_000;
const dir = tempDir('html-report');
const reportDir = join(dir, 'reports');
const historyDir = join(dir, 'history');
/** The first (passing) night's report, kept before the second run replaces it. */
const passingReport = join(dir, 'passing.html');
let proxy: RunningFaultProxy | undefined;
const runs: SuiteRun[] = [];
/** Each run's summary, read before the next run replaces it. */
const summaries: Summary[] = [];

beforeAll(async () => {
  // No unknown client in the profile: the rows that need one are skipped with a reason.
  const profile = writeProfile(dir, (p) => {
    delete p.unknownClientNo;
  });
  const args = ['--profile', profile, '--report=html', '--report-dir', reportDir, 'tests/contract/not-found-404.test.ts'];
  const env = { [HISTORY_ENV]: historyDir };
  // Night 1: the target is correct (every test passes); night 2: the same address answers with the fault.
  let port = 0;
  for (const fault of [undefined, faultByName('unknown-method-400')]) {
    proxy = await startFaultProxy({ fault, port });
    port = proxy.port;
    runs.push(await runSuite(['--base-url', proxy.url, ...args], env));
    summaries.push(readSummary(reportDir));
    if (!fault) copyFileSync(join(htmlReportDir(reportDir), 'index.html'), passingReport);
    await proxy.close();
    proxy = undefined;
  }
}, 150_000);
afterAll(async () => {
  await proxy?.close();
});

test('the first run passes, the second fails on the fault, and both build the report into one history: same profile, same target', () => {
  expect(runs.map((r) => r.exitCode)).toEqual([0, 1]);
  for (const run of runs) expect(run.output).toContain(`HTML report: ${join(htmlReportDir(reportDir), 'index.html')}`);
  expect(readdirSync(historyDir)).toEqual([basename(historyPath(summaries[0]!, { [HISTORY_ENV]: historyDir }))]);
  expect(historyPath(summaries[1]!, { [HISTORY_ENV]: historyDir })).toBe(historyPath(summaries[0]!, { [HISTORY_ENV]: historyDir }));
});

/** What the page shows in the browser's window as opened, before anyone scrolls: the text of every element inside it. */
async function firstScreenText(page: Page): Promise<string> {
  // A string: the self tests compile without the DOM's types.
  return page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((e) => {
      const r = e.getBoundingClientRect();
      return e.children.length === 0 && r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
    })
    .map((e) => e.innerText)
    .join('\\n')`);
}

/** Whether the window or any element in it is scrolled away from its top. */
const scrolledAway = (page: Page) =>
  page.evaluate<boolean>(`[window.scrollY, ...[...document.querySelectorAll('*')].map((e) => e.scrollTop)].some((y) => y > 0)`);

test.each([
  { night: 'passing', i: 0, file: passingReport },
  { night: 'failing', i: 1, file: join(htmlReportDir(reportDir), 'index.html') },
])(
  "the $night report's first screen at 1400×1000 is the run's summary: exit code and meaning, verdict line, counts",
  async ({ night, i, file }) => {
    const summary = summaries[i]!;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      mkdirSync(join(ROOT, 'reports'), { recursive: true });
      // Allure's page has rendered (its counts): whatever it scrolls or focuses has happened.
      await openReport(page, pathToFileURL(file).href, join(ROOT, 'reports', `html-report-not-rendered-${night}.png`));
      await page.screenshot({ path: join(ROOT, 'reports', `html-report-first-screen-${night}.png`) });
      expect(await scrolledAway(page)).toBe(false);
      const shown = await firstScreenText(page);
      expect(shown).toContain(`exit code ${summary.exitCode}: ${exitMeaning(summary)}`);
      expect(shown).toContain(verdictLine(summary.coverage, summary.rules));
      expect(shown).toContain(`${summary.totals.cases} tests: ${summary.totals.passed} passed, ${summary.totals.failed} failed`);
    } finally {
      await browser.close();
    }
  },
  120_000,
);

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
    const results = page.locator('body');
    const shot = (name: string) => page.screenshot({ path: join(ROOT, 'reports', name), fullPage: true });
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    await openReport(page, url, join(ROOT, 'reports', 'html-report-failed.png'));
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
