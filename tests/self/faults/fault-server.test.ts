// `npm run faults -- --port=N --fault=NAME`: one ready line, a faulty target at that URL, clean stop on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('scripts/fault-server.ts', () => {
  it('prints one ready line, serves the fault, and stops on SIGTERM', async () => {
    const child = spawn(`${ROOT}node_modules/.bin/tsx`, ['scripts/fault-server.ts', '--port=0', '--fault=auth-401-instead-of-403'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no ready line within 15 s: ${out}`)), 15_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) {
            clearTimeout(timer);
            resolve(out.split('\n')[0]!);
          }
        });
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+) \(fault: auth-401-instead-of-403, breaks AUTH-REFUSAL-403;/.exec(line)?.[1];
      expect(url, line).toBeDefined();
      const res = await fetch(`${url}/clients/2218/aritems/2218-500002-35078-0`);
      expect(res.status).toBe(401);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses an unknown fault name with exit code 2', async () => {
    const child = spawn(`${ROOT}node_modules/.bin/tsx`, ['scripts/fault-server.ts', '--fault=no-such-fault'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(err).toMatch(/unknown fault 'no-such-fault'/);
  });
});
