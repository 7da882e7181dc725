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

/** A table's source name (`boundaries.test.ts`), compiled or not: what the docs, the test names and filters say. */
export const sourceName = (file: string): string => file.replace(/\.js$/, '.ts');

/**
 * The table files (absolute), all or those whose path contains a command-line filter (vitest's rule).
 * A filter matches the compiled table too when it names the source (`tests/contract/boundaries.test.ts`).
 */
export function tablesFor(filters: readonly string[]): string[] {
  const all = readdirSync(TABLES_DIR)
    .filter((f) => f.endsWith(`.test${MODULE_EXT}`))
    .sort()
    .map((f) => join(TABLES_DIR, f));
  if (filters.length === 0) return all;
  const matches = (f: string, q: string) =>
    [f, sourceName(f)].some((p) => relative(RUNNER_ROOT, p).includes(q.replace(/^\.\//, '')) || p.includes(q));
  return all.filter((f) => filters.some((q) => matches(f, q)));
}
