// The slowest-files reporter of `npm run check`: which files it names, in which order.
import { expect, test } from 'vitest';
import { slowestFiles } from './slowest-files.js';

test('names the slowest files first, by import plus test time, at most `count` of them', () => {
  const table = slowestFiles(
    [
      { file: 'a.test.ts', importMs: 100, testsMs: 200 },
      { file: 'b.test.ts', importMs: 4000, testsMs: 1000 },
      { file: 'c.test.ts', importMs: 50, testsMs: 12_345 },
    ],
    2,
  );
  expect(table.split('\n')).toEqual([
    'Slowest test files (top 2):',
    '   total   import    tests  file',
    '  12.4 s    0.1 s   12.3 s  c.test.ts',
    '   5.0 s    4.0 s    1.0 s  b.test.ts',
  ]);
  expect(slowestFiles([], 10)).toBe('');
});
