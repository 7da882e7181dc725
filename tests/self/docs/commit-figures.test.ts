// The commit figures a team reads before pointing the suite at a live target say what a run commits:
// profiles/example-live.yaml's comment and docs/safety.md's table, against the budget that
// tests/self/runner/commit-budget.test.ts counts in a whole run (commit-budget.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CONCURRENT_POSTINGS, DISPOSABLE_BATCHES, WRITE_POSTINGS } from '../runner/commit-budget.js';
import { ROOT } from '../runner/run-suite.js';

const money = (postings: number) => (postings / 100).toFixed(2);
const [w0, w1, w2] = WRITE_POSTINGS;
const most = Math.max(...WRITE_POSTINGS);

test('profiles/example-live.yaml states the budget per write item, its cause and a year of it', () => {
  const text = readFileSync(join(ROOT, 'profiles', 'example-live.yaml'), 'utf8').replace(/\n\s*#\s*/g, ' ');
  expect(text).toContain(`a run commits ${money(w0)}, ${money(w1)} and ${money(w2)} on the first, second and third item`);
  expect(text).toContain(`and ${money(CONCURRENT_POSTINGS)} more on the second when allowConcurrentCommits is true`);
  expect(text).toContain('(docs/safety.md, "What a run commits")');
  expect(text).toContain(`at least ${money(most)} per run planned (${money(most * 365)} for a year of nightly runs;`);
  expect(text).toContain(`${money((w1 + CONCURRENT_POSTINGS) * 365)} for the second with concurrent commits)`);
});

test("docs/safety.md's table states the same postings per write item", () => {
  const text = readFileSync(join(ROOT, 'docs', 'safety.md'), 'utf8');
  expect(text).toContain('## What a run commits');
  expect(text).toContain(`| \`items.write[0]\` | ${w0} postings of 0.01 | ${money(w0)} |`);
  expect(text).toContain(
    `| \`items.write[1]\` | ${w1} postings of 0.01, plus ${CONCURRENT_POSTINGS} concurrent batches of 0.01 when the profile sets \`allowConcurrentCommits: true\` | ${money(w1)} (${money(w1 + CONCURRENT_POSTINGS)}) |`,
  );
  expect(text).toContain(`| \`items.write[2]\` | ${w2} postings of 0.01 (one sets a \`dueDate\`) | ${money(w2)} |`);
  expect(text).toContain(`| \`items.disposable\` | only when the profile names them: ${DISPOSABLE_BATCHES} batches that pay items down`);
});
