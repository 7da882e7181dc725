// Where the contract tables are: tests/contract/*.test.ts, each a module of the table kit (harness.ts).
// Found relative to this file, so that the installed package (dist/src/runner → dist/tests/contract,
// compiled to .js) runs its own tables whatever the working directory.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root the runner works from: the repository (sources under tsx) or the package's dist/ (compiled). */
export const RUNNER_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TABLES_DIR = join(RUNNER_ROOT, 'tests', 'contract');
/** `.ts` from sources, `.js` compiled: the extension of the runner's own modules, tables and config. */
export const MODULE_EXT = fileURLToPath(import.meta.url).endsWith('.ts') ? '.ts' : '.js';
/** The vitest config that defines the contract project (vitest.config.ts, or dist/vitest.config.js). */
export const VITEST_CONFIG = join(RUNNER_ROOT, `vitest.config${MODULE_EXT}`);

/** The table files (absolute), all or those whose path contains a command-line filter (vitest's rule). */
export function tablesFor(filters: readonly string[]): string[] {
  const all = readdirSync(TABLES_DIR)
    .filter((f) => f.endsWith(`.test${MODULE_EXT}`))
    .sort()
    .map((f) => join(TABLES_DIR, f));
  if (filters.length === 0) return all;
  return all.filter((f) => filters.some((q) => relative(RUNNER_ROOT, f).includes(q.replace(/^\.\//, '')) || f.includes(q)));
}
