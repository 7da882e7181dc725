// npm test's launcher (scripts/launch.mjs): the compiled dist/ runs only when it was built from the
// sources as they are now (scripts/sources.mjs hashes them); an edit, a new or deleted file, or no
// build at all runs the sources under tsx. Tried in a scratch tree with the launcher's own files and a
// probe script that says which copy ran, and the script's arguments passed on as its own.
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { sourcesHash } from '../../../scripts/sources.mjs';
import { ROOT, tempDir } from '../runner/run-suite.js';

const dir = tempDir('launcher');

/** Runs `node scripts/launch.mjs scripts/probe.ts a --b` in the scratch tree: what the probe printed. */
const launch = () =>
  execFileSync(process.execPath, ['scripts/launch.mjs', 'scripts/probe.ts', 'a', '--b'], { cwd: dir, encoding: 'utf8' }).trim();

/** Builds the scratch tree's dist/ as build.mjs would: the compiled probe and the hash of the sources. */
function build(): void {
  mkdirSync(join(dir, 'dist', 'scripts'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'scripts', 'probe.js'), "console.log('compiled', process.argv.slice(2).join(' '));\n");
  writeFileSync(join(dir, 'dist', '.sources-hash'), `${sourcesHash(dir)}\n`);
}

beforeEach(() => {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  for (const f of ['launch.mjs', 'sources.mjs']) copyFileSync(join(ROOT, 'scripts', f), join(dir, 'scripts', f));
  // A TypeScript-only line: the sources copy runs under tsx.
  writeFileSync(join(dir, 'scripts', 'probe.ts'), "const from: string = 'sources';\nconsole.log(from, process.argv.slice(2).join(' '));\n");
  writeFileSync(join(dir, 'src', 'lib.ts'), 'export const x = 1;\n');
  // As in the repository: .ts files are ES modules.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  rmSync(join(dir, 'node_modules'), { force: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
});

test('with no build, the sources run under tsx, with their arguments', () => {
  expect(launch()).toBe('sources a --b');
});

test('a build of the sources as they are runs compiled', () => {
  build();
  expect(launch()).toBe('compiled a --b');
});

test.each([
  ['a source edited', () => appendFileSync(join(dir, 'src', 'lib.ts'), '// edited\n')],
  ['a source added', () => writeFileSync(join(dir, 'src', 'new.ts'), 'export {};\n')],
  ['a source deleted', () => rmSync(join(dir, 'src', 'lib.ts'))],
  ['the compiled script missing', () => rmSync(join(dir, 'dist', 'scripts', 'probe.js'))],
  ['the hash missing', () => rmSync(join(dir, 'dist', '.sources-hash'))],
])('after a build, %s: the sources run', (_what, change) => {
  build();
  change();
  expect(launch()).toBe('sources a --b');
});
