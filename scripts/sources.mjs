// What dist/ is compiled from, as one hash: the launcher (launch.mjs) runs dist/ only when the sources
// hash to what the build (build.mjs) compiled; any edit, checkout, rename or deletion since falls
// back to the sources under tsx. Content, not mtimes: a copy or a checkout that keeps old times
// cannot pass for fresh. About 300 files: a few milliseconds.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Where the build writes the hash of what it compiled. */
export const HASH_FILE = join(ROOT, 'dist', '.sources-hash');

/** Everything the build reads: sources, the document and profile it copies, its configs. */
const INPUTS = [
  'src',
  'scripts',
  'tests/contract',
  'generated',
  'openapi',
  'profiles/sandbox.yaml',
  'vitest.config.ts',
  'tsconfig.json',
  'tsconfig.build.json',
];

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** The hash of every input's path and content, under `root`. */
export function sourcesHash(root = ROOT) {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((p) => files(join(root, p)))) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** dist/ holds `compiled` and was built from the sources as they are now. */
export function isFresh(compiled, root = ROOT, hashFile = HASH_FILE) {
  if (!existsSync(compiled) || !existsSync(hashFile)) return false;
  return readFileSync(hashFile, 'utf8').trim() === sourcesHash(root);
}
