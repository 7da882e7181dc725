// The night-by-night page of the HTML report: per rule, pass/fail in each of the last runs, and each
// run's date, duration, requests and retries. Read from Allure's own history file (each point keeps
// its tests' status and labels, and the run's metrics: src/runner/report/html.ts writes them) plus
// this run's results, and shown as a Markdown global attachment (the report's "Global Attachments"
// tab renders it as tables). No second history store: the trend is what Allure kept.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { basisOfRule } from '../summary.js';
import type { TestOutcome } from '../account.js';
import { CATEGORY_TITLE, LABEL, parseRuleOutcome } from './labels.js';

/** A test as a history point or a result file keeps it: its status and labels. */
export interface PointTest {
  status?: string;
  labels?: Array<{ name: string; value?: string }>;
}

/** One run: when, its metrics (duration in ms, requests, retries) and its tests. */
export interface RunPoint {
  timestamp: number;
  metrics: Record<string, number>;
  tests: PointTest[];
}

/** One rule in one run. */
export interface RuleCell {
  tests: number;
  passed: number;
  failed: number;
  inconclusive: number;
  skipped: number;
}

export interface Trend {
  runs: Array<{
    timestamp: number;
    durationMs?: number;
    requests?: number;
    retries?: number;
    tests: number;
    passed: number;
    failed: number;
  }>;
  /** Per rule: its basis and one cell per run (undefined: the rule had no test in that run). */
  rules: Array<{ rule: string; basis?: string; cells: Array<RuleCell | undefined> }>;
}

const label = (t: PointTest, name: string) => t.labels?.find((l) => l.name === name)?.value;
const FAILED = new Set(['failed', 'broken']);

/** The last `limit` points of Allure's history file (JSON Lines, oldest first); none when it is absent. */
export function readHistoryPoints(file: string, limit: number): RunPoint[] {
  if (limit <= 0 || !existsSync(file)) return [];
  const points: RunPoint[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const p = JSON.parse(line) as { timestamp?: number; metrics?: Record<string, number>; testResults?: Record<string, PointTest> };
      points.push({ timestamp: p.timestamp ?? 0, metrics: p.metrics ?? {}, tests: Object.values(p.testResults ?? {}) });
    } catch {
      // A line cut short (a cache saved mid-write) costs one point, not the report.
    }
  }
  return points.sort((a, b) => a.timestamp - b.timestamp).slice(-limit);
}

/** A test result file as Allure's writer left it (the fields read here). */
export interface ResultFile extends PointTest {
  start?: number;
  stop?: number;
}

/** The run's test result files (`*-result.json`). */
export function readResultFiles(resultsDir: string): ResultFile[] {
  return readdirSync(resultsDir)
    .filter((n) => n.endsWith('-result.json'))
    .map((n) => JSON.parse(readFileSync(join(resultsDir, n), 'utf8')) as ResultFile);
}

/**
 * The rules a test counts for and how it ended for each: its `ruleOutcome` labels (the rules its
 * checks recorded, account.ts), else — a point from before they were written — its `rule` label and status.
 */
function ruleOutcomesOf(t: PointTest): Array<[string, keyof Omit<RuleCell, 'tests'>]> {
  const recorded = (t.labels ?? []).flatMap((l) => (l.name === LABEL.ruleOutcome ? [parseRuleOutcome(l.value)] : []));
  if (recorded.length > 0) return recorded.flatMap((r) => (r ? [[r.rule, r.outcome] as [string, TestOutcome]] : []));
  const rule = label(t, LABEL.rule);
  return rule ? [[rule, outcomeOf(t)]] : [];
}

function outcomeOf(t: PointTest): keyof Omit<RuleCell, 'tests'> {
  if (t.status === 'passed') return 'passed';
  if (label(t, LABEL.category) === CATEGORY_TITLE.inconclusive) return 'inconclusive';
  return FAILED.has(t.status ?? '') ? 'failed' : 'skipped';
}

/** Per rule and per run, oldest run first: each test counts for every rule it checked. Tests with no rule label are left out of the rules. */
export function trendOf(points: readonly RunPoint[]): Trend {
  const rules = new Map<string, Trend['rules'][number]>();
  const runs = points.map((p, i) => {
    let passed = 0;
    let failed = 0;
    for (const t of p.tests) {
      const outcome = outcomeOf(t);
      if (outcome === 'passed') passed++;
      if (outcome === 'failed') failed++;
      for (const [rule, ruleOutcome] of ruleOutcomesOf(t)) {
        let row = rules.get(rule);
        if (!row) {
          // The rule's own basis (the spec's); a test's may differ (a documented rule checked on an assumed constraint).
          const basis = basisOfRule(rule);
          row = { rule, ...(basis ? { basis } : {}), cells: points.map(() => undefined) };
          rules.set(rule, row);
        }
        row.cells[i] ??= { tests: 0, passed: 0, failed: 0, inconclusive: 0, skipped: 0 };
        const cell = row.cells[i]!;
        cell.tests++;
        cell[ruleOutcome]++;
      }
    }
    return {
      timestamp: p.timestamp,
      durationMs: p.metrics.duration,
      requests: p.metrics.requests,
      retries: p.metrics.retries,
      tests: p.tests.length,
      passed,
      failed,
    };
  });
  const latestFailed = (r: Trend['rules'][number]) => ((r.cells.at(-1)?.failed ?? 0) > 0 ? 0 : 1);
  return { runs, rules: [...rules.values()].sort((a, b) => latestFailed(a) - latestFailed(b) || a.rule.localeCompare(b.rule)) };
}

/** A cell as a person reads it: ✓ N all passed, ✗ F/N failed of run, ? I/N inconclusive, skipped, · no test. */
export function cellText(c: RuleCell | undefined): string {
  const k = cellKind(c);
  if (k === 'none') return '·';
  if (k === 'skipped') return 'skipped';
  if (k === 'failed') return `✗ ${c!.failed}/${c!.tests - c!.skipped}`;
  if (k === 'inconclusive') return `? ${c!.inconclusive}/${c!.tests - c!.skipped}`;
  return `✓ ${c!.passed}`;
}

type CellKind = 'none' | 'skipped' | 'failed' | 'inconclusive' | 'passed';

function cellKind(c: RuleCell | undefined): CellKind {
  if (!c) return 'none';
  if (c.tests - c.skipped === 0) return 'skipped';
  if (c.failed > 0) return 'failed';
  return c.inconclusive > 0 ? 'inconclusive' : 'passed';
}

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const num = (n: number | undefined) => (n === undefined ? '-' : String(Math.round(n)));
const seconds = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

/** The Markdown page: the runs (date, tests, duration, requests, retries), then pass/fail per rule per run. */
export function renderTrendMarkdown(t: Trend): string {
  const n = t.runs.length;
  const header = t.runs.map((_, i) => (i === n - 1 ? 'this run' : `#${i + 1}`));
  return [
    `# The last ${n} run(s), oldest first`,
    '',
    '## Runs',
    '',
    '| run | date (UTC) | tests | passed | failed | duration | requests | retries |',
    '|---|---|---|---|---|---|---|---|',
    ...t.runs.map(
      (r, i) =>
        `| ${header[i]} | ${when(r.timestamp)} | ${r.tests} | ${r.passed} | ${r.failed} | ${seconds(r.durationMs)} | ${num(r.requests)} | ${num(r.retries)} |`,
    ),
    '',
    '## Pass/fail per rule',
    '',
    "Each cell: the rule's tests in that run. ✅ N: all N passed; ❌ F/N: F of the N run failed; ❔ I/N: inconclusive; ⏭ all skipped; · no test of the rule ran. Rules failing in this run come first.",
    '',
    `| rule | basis | ${header.join(' | ')} |`,
    `|---|---|${header.map(() => '---').join('|')}|`,
    ...t.rules.map((r) => `| ${r.rule} | ${r.basis ?? '-'} | ${r.cells.map(cellText).join(' | ')} |`),
    '',
  ].join('\n');
}

const CELL_FILL: Record<CellKind, string> = {
  passed: '#97cc64',
  failed: '#fd5a3e',
  inconclusive: '#ffd050',
  skipped: '#d0d0d0',
  none: '#ffffff',
};

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The same trend as a picture (the report shows an image at its own size, where a Markdown page gets
 * a small frame): one column per run, oldest left; the run's duration, requests, retries and failed
 * tests as shaded cells (darker is more), then one row per rule coloured by its outcome.
 */
export function renderTrendSvg(t: Trend): string {
  const LABEL_W = 250;
  const CELL_W = 42;
  const ROW_H = 22;
  const HEAD_H = 58;
  const n = t.runs.length;
  const metricRows: Array<{ name: string; values: Array<number | undefined>; text: (v: number) => string }> = [
    { name: 'duration (s)', values: t.runs.map((r) => r.durationMs), text: (v) => (v / 1000).toFixed(1) },
    { name: 'requests', values: t.runs.map((r) => r.requests), text: (v) => String(Math.round(v)) },
    { name: 'retries', values: t.runs.map((r) => r.retries), text: (v) => String(Math.round(v)) },
    { name: 'tests failed', values: t.runs.map((r) => r.failed), text: (v) => String(v) },
  ];
  const rowsTop = HEAD_H;
  const rulesTop = rowsTop + metricRows.length * ROW_H + 26;
  const width = LABEL_W + Math.max(n, 1) * CELL_W + 10;
  const height = rulesTop + t.rules.length * ROW_H + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="4" y="16" font-size="13" font-weight="bold">The last ${n} run(s), oldest left</text>`,
  ];
  const cellX = (i: number) => LABEL_W + i * CELL_W;
  t.runs.forEach((r, i) => {
    const d = new Date(r.timestamp).toISOString();
    out.push(
      `<text x="${cellX(i) + CELL_W / 2}" y="${HEAD_H - 20}" text-anchor="middle">${i === n - 1 ? 'this' : `#${i + 1}`}</text>`,
      `<text x="${cellX(i) + CELL_W / 2}" y="${HEAD_H - 8}" text-anchor="middle" fill="#555">${d.slice(5, 10)}</text>`,
    );
  });
  const cell = (x: number, y: number, fill: string, text: string) =>
    out.push(
      `<rect x="${x + 1}" y="${y + 1}" width="${CELL_W - 2}" height="${ROW_H - 2}" fill="${fill}" stroke="#cccccc"/>`,
      `<text x="${x + CELL_W / 2}" y="${y + ROW_H / 2 + 4}" text-anchor="middle">${xml(text)}</text>`,
    );
  metricRows.forEach((m, j) => {
    const y = rowsTop + j * ROW_H;
    const max = Math.max(0, ...m.values.map((v) => v ?? 0));
    out.push(`<text x="4" y="${y + ROW_H / 2 + 4}">${xml(m.name)}</text>`);
    m.values.forEach((v, i) => {
      const shade = v === undefined || max === 0 ? 0 : v / max;
      cell(cellX(i), y, `rgba(70,120,200,${(0.1 + 0.5 * shade).toFixed(2)})`, v === undefined ? '-' : m.text(v));
    });
  });
  out.push(`<text x="4" y="${rulesTop - 8}" font-size="12" font-weight="bold">Pass/fail per rule (tests passed, or failed/run)</text>`);
  t.rules.forEach((r, j) => {
    const y = rulesTop + j * ROW_H;
    out.push(`<text x="4" y="${y + ROW_H / 2 + 4}">${xml(`${r.rule}${r.basis ? ` (${r.basis})` : ''}`)}</text>`);
    r.cells.forEach((c, i) => {
      const kind = cellKind(c);
      const text = kind === 'none' ? '' : kind === 'skipped' ? 'skip' : kind === 'passed' ? String(c!.passed) : cellText(c).slice(2);
      cell(cellX(i), y, CELL_FILL[kind], text);
    });
  });
  out.push('</svg>');
  return out.join('\n');
}
