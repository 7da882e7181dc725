// The writes a run makes on a target that is not the embedded sandbox (a live one), counted from a
// recording of every request: exactly the commits README.md promises, 0.01 each on the profile's
// write items, and on the disposable items (items.disposable, which the default profile names) the
// amounts listed below. A new test that commits must update that section (and these tables).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sandboxProfile } from '../../../src/suite/profile.js';
import { COMMIT_AMOUNT } from '../../../src/suite/target.js';
import { readSummary, recordingTarget, runSuite, type SuiteRun, tempDir } from './run-suite.js';

const [W0, W1, W2] = sandboxProfile().items.write;
const [D0, D1, D2, D3, D4] = sandboxProfile().items.disposable!;
/** Postings committed per run on each write item (README.md, "Safety on live targets"). */
const PER_ITEM = { [W0!]: 5, [W1!]: 5 + 6, [W2!]: 4 };
/**
 * Postings committed per run on each disposable item, by amount: D0 the dueDate rows (0.01 each), D2
 * the exact amounts of boundaries.test.ts, D1/D3/D4 one each in marks-on-commit.test.ts (the open
 * amount + 1.00, + 0.01 and exactly; the fixtures' items are 1.00 open).
 */
const DISPOSABLE = {
  [D0!]: Array(10).fill(0.01),
  [D1!]: [2],
  [D2!]: [0.29, 0.57, 0.58, 1.15],
  [D3!]: [1.01],
  [D4!]: [1],
};
/** success-200 8, commit-effects 1 + 9, concurrency 6 (the profile allows concurrent commits), boundaries 4, marks 3. */
const BATCHES = 8 + 1 + 9 + 6 + 4 + 3;

describe('writes of a run against a live target (any --base-url)', () => {
  const reportDir = join(tempDir('commits'), 'reports');
  let target: Awaited<ReturnType<typeof recordingTarget>>;
  let run: SuiteRun;

  beforeAll(async () => {
    target = await recordingTarget();
    run = await runSuite([`--base-url=${target.url}`, `--report-dir=${reportDir}`]);
  }, 150_000);
  afterAll(() => target?.close());

  const committed = () => target.requests.filter((r) => r.method === 'POST' && r.answer?.result === 'CREATED');

  test('the run passes', () => {
    expect(run.timedOut).toBe(false);
    expect(run.exitCode, `exit code; summary: ${JSON.stringify(readSummary(reportDir).totals)}`).toBe(0);
  });

  test(`exactly ${BATCHES} batches are committed: ${COMMIT_AMOUNT} on write items, the listed amounts on disposable items`, () => {
    const batches = committed();
    expect(batches.length, 'committed batches').toBe(BATCHES);
    const all = batches.flatMap((b) => b.body.postings as Array<{ arItemId: string; currencyAmount: number }>);
    const postings = all.filter((p) => !(p.arItemId in DISPOSABLE));
    expect(postings.filter((p) => p.currencyAmount !== COMMIT_AMOUNT || !(p.arItemId in PER_ITEM))).toEqual([]);
    const perItem: Record<string, number> = {};
    for (const p of postings) perItem[p.arItemId] = (perItem[p.arItemId] ?? 0) + 1;
    expect(perItem).toEqual(PER_ITEM);
    const perDisposable: Record<string, number[]> = {};
    for (const p of all.filter((p) => p.arItemId in DISPOSABLE)) (perDisposable[p.arItemId] ??= []).push(p.currencyAmount);
    for (const list of Object.values(perDisposable)) list.sort((a, b) => a - b);
    expect(perDisposable).toEqual(DISPOSABLE);
  });

  test('every other POST that reached the target was refused or validate-only', () => {
    const others = target.requests.filter((r) => r.method === 'POST' && r.answer?.result !== 'CREATED');
    expect(others.filter((r) => r.status === 200 && r.answer?.result !== 'VALIDATED').map((r) => r.path)).toEqual([]);
  });
});
