// npm run generate: OpenAPI document -> generated/autopostings.ts (TypeScript types).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { GENERATED_TYPES_PATH, readGeneratedTypes, renderTypes } from '../src/spec/render-types.js';

const text = await renderTypes();
const changed = readGeneratedTypes() !== text;
mkdirSync(dirname(GENERATED_TYPES_PATH), { recursive: true });
writeFileSync(GENERATED_TYPES_PATH, text);
console.log(`${relative(process.cwd(), GENERATED_TYPES_PATH)}: ${changed ? 'written' : 'already up to date'}`);
