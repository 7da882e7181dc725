// `npm run sandbox` set-up mistakes: one line that says what to fix, a non-zero exit, no stack trace.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSandbox } from './harness.js';

let taken: Server;
let port = 0;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  port = (taken.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => taken.close(() => r())));

const rows = [
  {
    why: 'port already in use',
    args: () => [`--port=${port}`],
    env: {},
    says: /^arm sandbox: port \d+ on 127\.0\.0\.1 is already in use/,
  },
  {
    why: 'SANDBOX_JWT_SECRET set but empty',
    args: () => ['--port=0'],
    env: { SANDBOX_JWT_SECRET: '' },
    says: /^arm sandbox: SANDBOX_JWT_SECRET is empty: set it to at least 32 bytes/,
  },
  {
    why: 'SANDBOX_JWT_SECRET too short',
    args: () => ['--port=0'],
    env: { SANDBOX_JWT_SECRET: 'short' },
    says: /^arm sandbox: SANDBOX_JWT_SECRET is 5 bytes/,
  },
];

describe('sandbox start-up refusals', () => {
  it.each(rows)('$why: one line, exit 1', async (row) => {
    const proc = spawnSandbox(row.args(), { ...process.env, ...row.env });
    try {
      const code = await Promise.race([proc.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
      const lines = proc.output().trim().split('\n');
      expect({ code, lines: lines.length }, proc.output()).toEqual({ code: 1, lines: 1 });
      expect(lines[0]).toMatch(row.says);
    } finally {
      proc.child.kill();
    }
  });
});
