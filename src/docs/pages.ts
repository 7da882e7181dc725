// The generated reference pages: path under docs/reference/ → renderer. `npm run docs` writes them;
// tests/self/docs/fresh.test.ts fails when one is stale.
import { fileURLToPath } from 'node:url';
import { renderCommands } from './commands.js';
import { renderFaults } from './faults.js';
import { renderProfile } from './profile.js';
import { renderRules } from './rules.js';

export const REFERENCE_DIR = fileURLToPath(new URL('../../docs/reference/', import.meta.url));

export const PAGES: Record<string, () => string | Promise<string>> = {
  'rules.md': renderRules,
  'faults.md': renderFaults,
  'profile.md': renderProfile,
  'commands.md': renderCommands,
};
