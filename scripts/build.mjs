// npm run build (and prepare, so `npm ci` and `npm pack` build too): dist/ compiled from the sources
// (tsconfig.build.json), with the document and sandbox profile beside it, and the hash of the
// sources it was built from (sources.mjs), taken before compiling: a file edited meanwhile makes
// dist/ stale, never falsely fresh.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { HASH_FILE, ROOT, sourcesHash } from './sources.mjs';

const hash = sourcesHash();
rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
cpSync(join(ROOT, 'openapi', 'autopostings.yaml'), join(ROOT, 'dist', 'openapi', 'autopostings.yaml'));
cpSync(join(ROOT, 'profiles', 'sandbox.yaml'), join(ROOT, 'dist', 'profiles', 'sandbox.yaml'));
writeFileSync(HASH_FILE, `${hash}\n`);
