// The API-change procedure end to end, on a copy of the project's spec (the real one is never
// edited): a target whose read-back sends `dueDate: null` and an extra `closed` field; the suite
// records it (--record), the drift report names both, spec:propose edits the copy, lints it,
// regenerates the types and diffs it; the drift report of the same recording against the proposed
// spec then has no read-back cause left, and every line of the original document is still there.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runPropose, type ProposeRun } from '../../../scripts/spec-propose.js';
import { analyseDrift } from '../../../src/drift/analyse.js';
import { bendReadBack } from '../../../src/faults/combinators.js';
import { startFaultProxy, type RunningFaultProxy } from '../../../src/faults/proxy.js';
import { readRecording } from '../../../src/recording/format.js';
import { loadSpec, SPEC_PATH } from '../../../src/openapi/document.js';
import { createValidators } from '../../../src/openapi/validators.js';
import { runSuite, tempDir } from '../runner/run-suite.js';

const dir = tempDir('api-change');
const recording = join(dir, 'responses.jsonl');
const spec = join(dir, 'autopostings.yaml');
const original = readFileSync(SPEC_PATH, 'utf8');
let proxy: RunningFaultProxy;
let propose: ProposeRun;
const log: string[] = [];

const readBackDrift = (specPath: string) =>
  analyseDrift(readRecording(recording), createValidators(loadSpec(specPath)))
    .groups.filter((g) => g.operationId === 'getArItem')
    .flatMap((g) => g.findings.filter((f) => f.severity === 'drift').map((f) => `${f.kind} ${f.field}`));

beforeAll(async () => {
  proxy = await startFaultProxy({
    fault: {
      name: 'newer-read-back',
      description: 'read-back: dueDate null, an extra closed field',
      handle: bendReadBack((res) =>
        res.status === 200 ? { status: 200, body: { ...res.body, dueDate: null, closed: false } } : undefined,
      ),
    },
  });
  // The read-back oracle of this file reads every fixture item back: enough responses to learn from.
  const run = await runSuite([
    '--base-url',
    proxy.url,
    '--record',
    recording,
    '--report-dir',
    join(dir, 'reports'),
    'tests/contract/not-found-404.test.ts',
  ]);
  if (!existsSync(recording)) throw new Error(`the suite wrote no recording:\n${run.output.slice(-2000)}`);
  copyFileSync(SPEC_PATH, spec);
  propose = await runPropose({ recording, spec, date: '2026-11-27', log: (l) => log.push(l) });
}, 150_000);
afterAll(async () => {
  await proxy?.close();
});

test('before: the drift report names the null due date and the extra field', () => {
  expect(readBackDrift(SPEC_PATH).sort()).toEqual(['type /dueDate', 'undeclared-field /closed']);
});

test('propose edits the copy: dueDate nullable at the field, closed an optional boolean, both labelled observed', () => {
  expect(propose.code, log.join('\n')).toBe(0);
  expect(propose.proposal!.edits.map((e) => `${e.kind} ${e.pointer}`).sort()).toEqual([
    'nullable /components/schemas/ArItem/properties/dueDate',
    'property added /components/schemas/ArItem/properties/closed',
  ]);
  const doc = loadSpec(spec);
  const item = doc.components.schemas.ArItem.properties;
  expect(item.dueDate).toMatchObject({
    anyOf: [{ $ref: '#/components/schemas/CalendarDate' }, { type: 'null' }],
    'x-basis': 'observed',
    'x-observed': { date: '2026-11-27' },
  });
  expect(item.closed).toMatchObject({ type: 'boolean', 'x-basis': 'observed', 'x-observed': { date: '2026-11-27' } });
  expect(item.dueDate['x-observed'].responses).toBeGreaterThan(0);
  // The shared date schema (also used by requests) is untouched.
  expect(doc.components.schemas.CalendarDate).toEqual(loadSpec().components.schemas.CalendarDate);
});

test('after: the same recording against the proposed spec has no read-back drift left', () => {
  expect(readBackDrift(spec)).toEqual([]);
});

test('the edit is small: every line of the original is still there, in order (comments included)', () => {
  const proposed = readFileSync(spec, 'utf8').split('\n');
  const removed: string[] = [];
  let at = 0;
  for (const line of original.split('\n')) {
    const found = proposed.indexOf(line, at);
    if (found === -1) removed.push(line.trim());
    else at = found + 1;
  }
  expect(removed).toEqual(["$ref: '#/components/schemas/CalendarDate'"]); // now inside the anyOf
  expect(proposed.length - original.split('\n').length).toBeLessThan(12);
});

test('lint, generate and diff ran on the proposed copy; the real spec is untouched', () => {
  expect(log).toContain('Redocly lint: the proposed document is valid.');
  const types = readFileSync(propose.generated!, 'utf8');
  expect(types).toMatch(/closed\?: boolean/);
  expect(types).toMatch(/dueDate\?: components\["schemas"\]\["CalendarDate"\] \| null/);
  const text = log.join('\n');
  expect(text).toContain('spec:diff (before → proposed)');
  expect(text).toMatch(/response field added/);
  expect(text).toContain('What must follow:');
  expect(text).toContain('src/sandbox/fixtures.ts');
  expect(readFileSync(SPEC_PATH, 'utf8')).toBe(original);
});
