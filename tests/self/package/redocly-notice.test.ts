// npm run lint:spec drops Redocly's "Node.js 20 support is ending" box (no flag turns it off) and
// nothing else: another box, and every other line, pass through.
import { expect, test } from 'vitest';
import { dropNodeNotice } from '../../../scripts/redocly.js';

const box = (text: string) => ['', '    ╔════╗', '    ║    ║', `    ║  ${text}  ║`, '    ╚════╝', ''];
async function filter(lines: string[]): Promise<string[]> {
  const out: string[] = [];
  await dropNodeNotice(
    (async function* () {
      yield* lines;
    })(),
    (l) => out.push(l),
  );
  return out;
}

test('the Node 20 notice box goes, the lint output stays', async () => {
  const lint = ['validating openapi/autopostings.yaml...', 'openapi/autopostings.yaml: validated in 83ms'];
  expect(await filter([...box('Deprecation warning: Node.js 20 support is ending'), ...lint])).toEqual(['', ...lint]);
});

test('any other box passes whole', async () => {
  const other = box('A new version of Redocly CLI is available');
  expect(await filter([...other, 'done'])).toEqual([...other, 'done']);
});

test('an unterminated box is not swallowed', async () => {
  expect(await filter(['╔══', 'Node.js 20', 'error: x'])).toEqual(['╔══', 'Node.js 20', 'error: x']);
});
