// A copy of the repository's files (tracked and untracked, not ignored: no dist/, no reports/) with
// node_modules linked in, for self tests that run commands which write into the tree (a README's
// commands, `npm pack`'s build) without touching the checkout other self tests run from.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './runner/run-suite.js';

export function scratchCopy(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `arm-self-${prefix}-`));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of files.split('\0').filter((f) => f !== '' && existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
