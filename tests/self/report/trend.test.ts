// The night-by-night page: pass/fail per rule and each run's duration, requests and retries, read
// from Allure's history points (status and labels of each test, the run's metrics) and this run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { TestOutcome } from '../../../src/runner/account.js';
import { CATEGORY_TITLE, LABEL, ruleOutcomeValue } from '../../../src/runner/report/labels.js';
import {
  cellText,
  readHistoryPoints,
  renderTrendMarkdown,
  renderTrendSvg,
  type RunPoint,
  trendOf,
} from '../../../src/runner/report/trend.js';

const dir = mkdtempSync(join(tmpdir(), 'arm-self-trend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const t = (rule: string | undefined, status: string, category?: string) => ({
  status,
  labels: [...(rule ? [{ name: 'rule', value: rule }] : []), ...(category ? [{ name: 'category', value: category }] : [])],
});

const night1: RunPoint = {
  timestamp: Date.parse('2026-11-26T02:00:00Z'),
  metrics: { duration: 5200, requests: 120, retries: 0 },
  tests: [t('UNKNOWN-METHOD-404', 'passed'), t('UNKNOWN-METHOD-404', 'passed'), t('CHECK-ORDER', 'passed'), t(undefined, 'passed')],
};
const night2: RunPoint = {
  timestamp: Date.parse('2026-11-27T02:00:00Z'),
  metrics: { duration: 7400, requests: 131, retries: 3 },
  tests: [
    t('UNKNOWN-METHOD-404', 'failed'),
    t('UNKNOWN-METHOD-404', 'passed'),
    t('CHECK-ORDER', 'broken', CATEGORY_TITLE.inconclusive),
    t('CHECK-ORDER', 'skipped'),
    t('READ-BACK-ORACLE', 'passed'),
  ],
};

test('one column per run, oldest first; per rule the tests passed, failed, inconclusive and skipped in each', () => {
  const trend = trendOf([night1, night2]);
  expect(trend.runs).toEqual([
    { timestamp: night1.timestamp, durationMs: 5200, requests: 120, retries: 0, tests: 4, passed: 4, failed: 0 },
    { timestamp: night2.timestamp, durationMs: 7400, requests: 131, retries: 3, tests: 5, passed: 2, failed: 1 },
  ]);
  // The rule failing in the latest run first, then by id; a rule absent from a run has no cell there.
  expect(trend.rules.map((r) => [r.rule, r.basis, r.cells.map(cellText)])).toEqual([
    ['UNKNOWN-METHOD-404', 'documented', ['✓ 2', '✗ 1/2']],
    ['CHECK-ORDER', 'assumed', ['✓ 1', '? 1/1']],
    ['READ-BACK-ORACLE', 'assumed', ['·', '✓ 1']],
  ]);
});

test('the Markdown page lists each run with its duration, requests and retries, and each rule run by run', () => {
  const md = renderTrendMarkdown(trendOf([night1, night2]));
  expect(md).toContain('| #1 | 2026-11-26 02:00 | 4 | 4 | 0 | 5.2 s | 120 | 0 |');
  expect(md).toContain('| this run | 2026-11-27 02:00 | 5 | 2 | 1 | 7.4 s | 131 | 3 |');
  expect(md).toContain('| UNKNOWN-METHOD-404 | documented | ✓ 2 | ✗ 1/2 |');
});

test('the picture has a row per metric and per rule, a cell per run, coloured by outcome', () => {
  const svg = renderTrendSvg(trendOf([night1, night2]));
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  for (const text of ['duration (s)', '5.2', '7.4', 'requests', '120', '131', 'retries', 'UNKNOWN-METHOD-404 (documented)', '1/2'])
    expect(svg).toContain(`>${text}<`);
  expect(svg.match(/fill="#fd5a3e"/g)).toHaveLength(1); // one failed cell
  expect(svg.match(/fill="#ffd050"/g)).toHaveLength(1); // one inconclusive cell
});

test('the history file: the last points by time; a line cut short is skipped, not fatal', () => {
  const file = join(dir, 'history.jsonl');
  const line = (p: RunPoint) =>
    JSON.stringify({ timestamp: p.timestamp, metrics: p.metrics, testResults: Object.fromEntries(p.tests.map((x, i) => [`h${i}`, x])) });
  writeFileSync(file, `${line(night2)}\n${line(night1)}\n{"timestamp": 17\n`);
  expect(readHistoryPoints(file, 30).map((p) => p.timestamp)).toEqual([night1.timestamp, night2.timestamp]);
  expect(readHistoryPoints(file, 1).map((p) => p.timestamp)).toEqual([night2.timestamp]);
  expect(readHistoryPoints(join(dir, 'absent.jsonl'), 30)).toEqual([]);
});

test('a test counts for every rule its checks recorded (its ruleOutcome labels), not only the rule it is written for', () => {
  const checked = (rule: string, status: string, outcomes: Array<[string, TestOutcome]>) => ({
    status,
    labels: [{ name: 'rule', value: rule }, ...outcomes.map(([r, o]) => ({ name: LABEL.ruleOutcome, value: ruleOutcomeValue(r, o) }))],
  });
  const night: RunPoint = {
    timestamp: Date.parse('2026-11-28T02:00:00Z'),
    metrics: {},
    tests: [
      checked('MALFORMED-400', 'passed', [
        ['MALFORMED-400', 'passed'],
        ['ERROR-PATH-EXACT', 'passed'],
      ]),
      checked('MALFORMED-400', 'failed', [
        ['MALFORMED-400', 'passed'],
        ['ERROR-PATH-EXACT', 'failed'],
      ]),
      checked('DUE-DATE-EFFECT', 'skipped', [['DUE-DATE-EFFECT', 'skipped']]),
    ],
  };
  expect(trendOf([night1, night]).rules.map((r) => [r.rule, r.cells.map(cellText)])).toEqual([
    ['ERROR-PATH-EXACT', ['·', '✗ 1/2']],
    ['CHECK-ORDER', ['✓ 1', '·']],
    ['DUE-DATE-EFFECT', ['·', 'skipped']],
    ['MALFORMED-400', ['·', '✓ 2']],
    ['UNKNOWN-METHOD-404', ['✓ 2', '·']],
  ]);
});
