// npm run docs: writes docs/reference/ from the sources (src/docs/pages.ts lists the pages).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PAGES, REFERENCE_DIR } from '../src/docs/pages.js';
import { readGenerated } from '../src/openapi/render-types.js';

mkdirSync(REFERENCE_DIR, { recursive: true });
for (const [name, render] of Object.entries(PAGES)) {
  const path = join(REFERENCE_DIR, name);
  const text = await render();
  const old = readGenerated(path);
  writeFileSync(path, text);
  console.log(`${relative(process.cwd(), path)}: ${old === text ? 'already up to date' : 'written'}`);
}
