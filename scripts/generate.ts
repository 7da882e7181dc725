// npm run generate: OpenAPI document -> generated/autopostings.ts (TypeScript types) and
// generated/rules.ts (the x-contract-rules ids as a type) and generated/rule-tags.ts (the same ids as vitest tags).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import {
  GENERATED_RULES_PATH,
  GENERATED_RULE_TAGS_PATH,
  GENERATED_TYPES_PATH,
  readGenerated,
  renderRuleIds,
  renderRuleTags,
  renderTypes,
} from '../src/openapi/render-types.js';

const outputs: Array<[string, string]> = [
  [GENERATED_TYPES_PATH, await renderTypes()],
  [GENERATED_RULES_PATH, renderRuleIds()],
  [GENERATED_RULE_TAGS_PATH, renderRuleTags()],
];
for (const [path, text] of outputs) {
  const changed = readGenerated(path) !== text;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`${relative(process.cwd(), path)}: ${changed ? 'written' : 'already up to date'}`);
}
