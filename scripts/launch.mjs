// `npm test` starts here: `node scripts/launch.mjs scripts/test.ts ARGS` runs the compiled
// dist/scripts/test.js when dist/ was built from the sources as they are (sources.mjs), else the
// sources under tsx. Compiled, a run starts about a second sooner: tsx's loader sits on every
// import, vitest's included. `npm ci` builds dist/ (prepare); `npm run build` after an edit.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isFresh, ROOT } from './sources.mjs';

// The script's own arguments follow it, as if it were started itself.
const [script] = process.argv.splice(2, 1);
if (!script?.endsWith('.ts')) {
  console.error('usage: node scripts/launch.mjs scripts/NAME.ts [args]');
  process.exit(2);
}
const compiled = join(ROOT, 'dist', script.replace(/\.ts$/, '.js'));
if (isFresh(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(ROOT, script)).href);
}
