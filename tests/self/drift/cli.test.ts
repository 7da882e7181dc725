// `npm run drift` exit codes and outputs: 0 no drift, 1 drift, 2 bad input; --out writes .md and .json.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import { runDrift } from '../../../scripts/drift.js';
import { formatRecordLine } from '../../../src/recording/format.js';
import { ex, item as item_ } from './recorded.js';

const dir = mkdtempSync(join(tmpdir(), 'drift-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
vi.spyOn(console, 'error').mockImplementation(() => {});
vi.spyOn(console, 'log').mockImplementation(() => {});

const item = item_();
const line = (body: unknown): string => formatRecordLine(ex('getArItem', 200, body));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test.each([
  { why: 'a conforming recording', args: () => [file('ok.jsonl', line(item)), `--out=${join(dir, 'ok.md')}`], code: 0 },
  // An optional field that never appeared is a note: the nightly job stays green.
  {
    why: 'a recording whose only difference is an optional field never sent',
    args: () => [file('notes.jsonl', line((({ dueDate: _d, ...rest }) => rest)(item))), `--out=${join(dir, 'notes.md')}`],
    code: 0,
  },
  {
    why: 'a drifted recording',
    args: () => [file('drift.jsonl', line({ ...item, extra: 1 })), `--out=${join(dir, 'drift.md')}`],
    code: 1,
  },
  { why: 'a line that is not JSON', args: () => [file('bad.jsonl', '{nope\n')], code: 2 },
  { why: 'a missing file', args: () => [join(dir, 'absent.jsonl')], code: 2 },
  { why: 'no file', args: () => [], code: 2 },
  { why: 'an unknown option', args: () => [file('ok2.jsonl', line(item)), '--frobnicate'], code: 2 },
])('exit $code for $why', ({ args, code }) => {
  expect(runDrift(args())).toBe(code);
});

test('--out writes the markdown and the JSON report', () => {
  expect(runDrift([file('d.jsonl', line({ ...item, extra: 'x' })), `--out=${join(dir, 'd.md')}`])).toBe(1);
  expect(readFileSync(join(dir, 'd.md'), 'utf8')).toContain('`/extra`');
  expect(existsSync(join(dir, 'd.json'))).toBe(true);
  expect(JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8')).drift).toBe(true);
});
