// The folders of src/ show the flow (README "How it is built"): openapi → client → oracle → runner,
// openapi → sandbox; faults, drift and the rest sit beside them. Each folder may import only the
// folders listed here, so the flow stays one-way and a new import against it fails this test.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Folder → the folders (under src/, or `generated`) its modules may import. */
const ALLOWED: Record<string, readonly string[]> = {
  openapi: ['generated'],
  recording: [],
  specdiff: ['openapi'],
  client: ['generated', 'openapi', 'recording'],
  oracle: ['generated', 'openapi', 'client'],
  // runner starts the embedded sandbox when no target is given.
  runner: ['generated', 'openapi', 'client', 'oracle', 'recording', 'sandbox'],
  sandbox: ['generated', 'openapi'],
  faults: ['generated', 'openapi', 'sandbox', 'runner'],
  drift: ['generated', 'openapi', 'client', 'recording'],
  propose: ['generated', 'openapi', 'drift', 'recording'],
  // The arm-contract command dispatches to the npm commands' entry points.
  cli: ['scripts'],
  docs: ['generated', 'openapi', 'runner', 'faults', 'cli'],
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The top folder (under src/, or `generated`) of each relative import of a file. */
function importedFolders(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const folders = new Set<string>();
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = relative(ROOT, join(file, '..', m[1]!)).split(sep);
    folders.add(target[0] === 'src' ? target[1]! : target[0]!);
  }
  return [...folders];
}

const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

test('every folder of src/ has its place in the flow', () => {
  expect(folders.sort()).toEqual(Object.keys(ALLOWED).sort());
});

test.for(folders)('src/%s imports only the folders before it in the flow', (folder) => {
  const offending = filesUnder(join(ROOT, 'src', folder)).flatMap((file) =>
    importedFolders(file)
      .filter((f) => f !== folder && !(ALLOWED[folder] ?? []).includes(f))
      .map((f) => `${relative(ROOT, file)} imports ${f}/`),
  );
  expect(offending, `allowed for src/${folder}: ${(ALLOWED[folder] ?? []).join(', ') || 'nothing'}`).toEqual([]);
});

test('only the sandbox and the fault proxy start HTTP servers (the runner has no network service)', () => {
  const servers = folders
    .filter((f) => f !== 'sandbox' && f !== 'faults')
    .flatMap((f) => filesUnder(join(ROOT, 'src', f)))
    .filter((file) => /\bcreateServer\s*\(|\.listen\s*\(/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(ROOT, file));
  expect(servers).toEqual([]);
});
