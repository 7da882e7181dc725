// Turns the Allure results of a run (src/runner/report/allure-reporter.ts) into the HTML report with the
// Allure 3 CLI: one self-contained reports/html/index.html (opens from a downloaded artefact, no
// server), the tests grouped by the rule they check, categories for breaches, mismatches, other
// failures and inconclusive tests, and the history of the last HISTORY_LIMIT runs: per test (its
// History tab), per rule (a chart, and the night-by-night page of trend.ts), duration, requests, retries.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { redactFile, redactSecrets } from '../../client/redact.js';
import { verdictLine } from '../account.js';
import { type Summary, exitMeaning, ruleAccountMarkdown } from '../summary.js';
import { CATEGORY_TITLE, LABEL } from './labels.js';
import { firstScreenHtml, withFirstScreen } from './first-screen.js';
import { allureResultsDir, HISTORY_LIMIT, historyKey, historyPath, htmlReportDir } from './paths.js';
import { readHistoryPoints, readResultFiles, renderTrendMarkdown, renderTrendSvg, trendOf } from './trend.js';

/**
 * The Allure CLI (its package's bin, cli.js), resolved as a module from here: the repository's
 * node_modules, or the user's project beside the installed package.
 */
function allureCli(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('allure')));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'cli.js');
}
const FAILED = ['failed', 'broken'];

/** Allure 3 categories (first match wins): one per kind of failure, grouped by rule. */
export const CATEGORIES = [
  {
    name: CATEGORY_TITLE.breach,
    matchers: { statuses: FAILED, labels: { [LABEL.category]: CATEGORY_TITLE.breach } },
    groupBy: [{ label: LABEL.brokenRule }, { label: LABEL.cause }],
    groupByMessage: false,
    expand: true,
  },
  {
    name: CATEGORY_TITLE.mismatch,
    matchers: { statuses: FAILED, labels: { [LABEL.category]: CATEGORY_TITLE.mismatch } },
    groupBy: [{ label: LABEL.brokenRule }, { label: LABEL.cause }],
    groupByMessage: false,
    expand: true,
  },
  {
    name: CATEGORY_TITLE.inconclusive,
    matchers: { statuses: ['unknown'], labels: { [LABEL.category]: CATEGORY_TITLE.inconclusive } },
    groupBy: [{ label: LABEL.cause }],
    groupByMessage: false,
    expand: true,
  },
  { name: CATEGORY_TITLE['other-failure'], matchers: { statuses: FAILED }, groupByMessage: true },
  { name: CATEGORY_TITLE.skipped, matchers: { statuses: ['skipped'] }, groupByMessage: true },
];

/** The Graphs page: tonight, then the trends over the kept history. */
export const CHARTS = [
  { type: 'currentStatus', title: 'This run' },
  { type: 'statusDynamics', title: `Pass/fail over the last ${HISTORY_LIMIT} runs`, limit: HISTORY_LIMIT },
  { type: 'statusTransitions', title: 'Newly failing / fixed per run', limit: HISTORY_LIMIT },
  { type: 'durationDynamics', title: `Duration over the last ${HISTORY_LIMIT} runs`, limit: HISTORY_LIMIT },
  { type: 'durations', title: 'Test durations', groupBy: 'none' },
];

/**
 * Allure's page template always loads Google Analytics (a script from googletagmanager.com and a call
 * to it). A contract report must not phone home — nor make a browser reach any address but the file
 * itself — so both script tags are cut from the generated page.
 */
export function withoutAnalytics(html: string): string {
  return html.replace(
    /<script async src="https:\/\/www\.googletagmanager\.com\/[^"]*"><\/script>\s*<script>[\s\S]*?gtag\([\s\S]*?<\/script>/g,
    '',
  );
}

export interface RunMetrics {
  requests: number;
  retries: number;
  durationMs: number;
}

/** Requests and retries from the run's summary.json; duration from the first start to the last stop. */
export function runMetrics(reportDir: string, summary: Pick<Summary, 'requests' | 'retries'> | undefined): RunMetrics {
  let start = Infinity;
  let stop = -Infinity;
  for (const r of readResultFiles(allureResultsDir(reportDir))) {
    if (typeof r.start === 'number') start = Math.min(start, r.start);
    if (typeof r.stop === 'number') stop = Math.max(stop, r.stop);
  }
  return {
    requests: summary?.requests ?? 0,
    retries: summary?.retries ?? 0,
    durationMs: stop >= start ? stop - start : 0,
  };
}

/** Name of the night-by-night page in the report's Global Attachments tab. */
export const TREND_TITLE = `Night by night: pass/fail per rule, duration, requests, retries (last ${HISTORY_LIMIT} runs)`;
/** The same as a table (text to copy or download). */
export const TREND_TEXT_TITLE = 'Night by night, as a table';

/** Name of the page of this run's verdict and per-rule account in the Global Attachments tab. */
export const COVERAGE_TITLE = 'This run: the rules verified, and why the others were not';

/** The run's summary.json; undefined when it wrote none. */
function readSummaryFile(reportDir: string): Summary | undefined {
  const file = join(reportDir, 'summary.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Summary) : undefined;
}

/** The run's verdict, exit code and per-rule account, from its summary.json, as Markdown. */
function coverageMarkdown(s: Summary | undefined): string {
  if (!s) return 'This run wrote no summary.\n';
  if (!s.coverage || !s.rules) return `exit code ${s.exitCode}\n`;
  return [verdictLine(s.coverage, s.rules), '', `exit code ${s.exitCode}: ${exitMeaning(s)}`, '', ...ruleAccountMarkdown(s), ''].join('\n');
}

/** The night-by-night page (trend.ts) of the kept history and this run, and this run's account, as global attachments. */
function writeTrend(summary: Summary | undefined, resultsDir: string, history: string, m: RunMetrics): void {
  const metrics = { duration: m.durationMs, requests: m.requests, retries: m.retries };
  const current = { timestamp: Date.now(), metrics, tests: readResultFiles(resultsDir) };
  const points = [...readHistoryPoints(history, HISTORY_LIMIT - 1), current];
  const trend = trendOf(points);
  const picture = `${randomUUID()}-attachment.svg`;
  const text = `${randomUUID()}-attachment.md`;
  const coverage = `${randomUUID()}-attachment.md`;
  writeFileSync(join(resultsDir, picture), renderTrendSvg(trend));
  writeFileSync(join(resultsDir, text), renderTrendMarkdown(trend));
  writeFileSync(join(resultsDir, coverage), redactSecrets(coverageMarkdown(summary)));
  const now = Date.now();
  const globals = {
    attachments: [
      { name: TREND_TITLE, source: picture, type: 'image/svg+xml', timestamp: now },
      { name: TREND_TEXT_TITLE, source: text, type: 'text/markdown', timestamp: now + 1 },
      { name: COVERAGE_TITLE, source: coverage, type: 'text/markdown', timestamp: now + 2 },
    ],
    errors: [],
  };
  writeFileSync(join(resultsDir, `${randomUUID()}-globals.json`), JSON.stringify(globals));
}

/** The run's metrics as an Allure performance file, so that each history point keeps them. */
function writeMetrics(resultsDir: string, m: RunMetrics): void {
  const now = Date.now();
  const metric = (key: string, value: number, title: string, unit?: string) => ({
    id: key,
    key,
    value,
    start: now,
    stop: now,
    title,
    ...(unit ? { unit } : {}),
  });
  writeFileSync(
    join(resultsDir, 'performance.json'),
    JSON.stringify([
      metric('requests', m.requests, 'Requests sent'),
      metric('retries', m.retries, 'Transport retries'),
      metric('duration', m.durationMs, 'Run duration', 'ms'),
    ]),
  );
}

/** Builds reports/html/index.html from reports/allure-results, its history kept per profile and target; returns the index file. */
export async function buildHtmlReport(reportDir: string): Promise<string> {
  const results = allureResultsDir(reportDir);
  if (!existsSync(results)) throw new Error(`no Allure results in ${results}: run \`npm test -- --report=html\` first`);
  // Allure's writer is not ours: its files are redacted before they become the page (the messages
  // already were where they were made).
  for (const name of readdirSync(results)) redactFile(join(results, name));
  const summary = readSummaryFile(reportDir);
  const metrics = runMetrics(reportDir, summary);
  writeMetrics(results, metrics);
  const owner = summary ?? { profile: 'no profile', target: 'no target' };
  const name = redactSecrets(`arm-contract · ${historyKey(owner)}`);
  const history = historyPath(owner);
  mkdirSync(dirname(history), { recursive: true });
  writeTrend(summary, results, history, metrics);
  const output = htmlReportDir(reportDir);
  rmSync(output, { recursive: true, force: true });
  const configDir = mkdtempSync(join(tmpdir(), 'allure-config-'));
  try {
    const config = {
      name,
      output,
      historyPath: history,
      historyLimit: HISTORY_LIMIT,
      categories: { rules: CATEGORIES },
      plugins: {
        awesome: {
          // The tree: one node per rule, with its tests' pass/fail tonight (each test's History tab: its past runs).
          options: { singleFile: true, reportName: name, charts: CHARTS, groupBy: [LABEL.rule] },
        },
      },
    };
    const configFile = join(configDir, 'allurerc.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    await promisify(execFile)(process.execPath, [allureCli(), 'generate', results, '--config', configFile, '--output', output], {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const index = join(output, 'index.html');
    const html = readFileSync(index, 'utf8');
    const clean = withoutAnalytics(html);
    if (/googletagmanager|gtag\(/.test(clean))
      throw new Error('the analytics script in the report page has changed shape: update withoutAnalytics()');
    writeFileSync(index, summary ? withFirstScreen(clean, firstScreenHtml(summary)) : clean);
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`allure generate failed: ${`${e.stderr ?? ''}${e.stdout ?? ''}`.trim().split('\n').slice(-5).join(' ') || e.message}`);
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
  return join(output, 'index.html');
}
