// Where the contract tables are: tests/contract/*.test.ts, each a module of the table kit (harness.ts).
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TABLES_DIR = join(ROOT, 'tests', 'contract');

/** The table files (absolute), all or those whose path contains a command-line filter (vitest's rule). */
export function tablesFor(filters: readonly string[]): string[] {
  const all = readdirSync(TABLES_DIR)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => join(TABLES_DIR, f));
  if (filters.length === 0) return all;
  return all.filter((f) => filters.some((q) => relative(ROOT, f).includes(q.replace(/^\.\//, '')) || f.includes(q)));
}
