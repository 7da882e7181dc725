// A copy of the repository's files (tracked and untracked, not ignored: no dist/, no reports/) with
// node_modules linked in, for self tests that run commands which write into the tree (a README's
// commands, `npm pack`'s build) without touching the checkout other self tests run from.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isFresh } from '../../scripts/sources.mjs';
import { ROOT } from './runner/run-suite.js';

/**
 * `withDist`: the checkout's dist/ too, when it was built from these sources (as after `npm ci`), so
 * that the copy's `npm test` runs compiled as a user's does; a stale one is left out (the copy's
 * launcher would run the sources anyway).
 */
export function scratchCopy(prefix: string, { withDist = false } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `arm-self-${prefix}-`));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of files.split('\0').filter((f) => f !== '' && existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  if (withDist && isFresh(join(ROOT, 'dist', 'scripts', 'test.js'))) cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
