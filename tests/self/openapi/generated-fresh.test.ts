// generated/ must be what `npm run generate` makes from the current OpenAPI document, so that an API
// change can never ship half-applied.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SPEC_PATH } from '../../../src/openapi/document.js';
import {
  GENERATED_RULES_PATH,
  GENERATED_RULE_TAGS_PATH,
  readGenerated,
  readGeneratedTypes,
  renderRuleIds,
  renderRuleTags,
  renderTypes,
} from '../../../src/openapi/render-types.js';

test('generated/autopostings.ts is fresh (else: run npm run generate)', async () => {
  const expected = await renderTypes();
  if (readGeneratedTypes() !== expected) {
    throw new Error(
      'generated/autopostings.ts is stale: it does not match openapi/autopostings.yaml.\n' +
        '  Run `npm run generate` and commit generated/.',
    );
  }
});

test('generated/rules.ts is fresh (else: run npm run generate)', () => {
  if (readGenerated(GENERATED_RULES_PATH) !== renderRuleIds()) {
    throw new Error(
      'generated/rules.ts is stale: it does not list the x-contract-rules of openapi/autopostings.yaml.\n' +
        '  Run `npm run generate` and commit generated/.',
    );
  }
});

test('generated/rule-tags.ts is fresh (else: run npm run generate)', () => {
  if (readGenerated(GENERATED_RULE_TAGS_PATH) !== renderRuleTags()) {
    throw new Error(
      'generated/rule-tags.ts is stale: it does not list the x-contract-rules of openapi/autopostings.yaml as tags.\n' +
        '  Run `npm run generate` and commit generated/.',
    );
  }
});

test('the freshness check has teeth: a schema edited without regenerating renders differently', async () => {
  const original = readFileSync(SPEC_PATH, 'utf8');
  const edited = original.replace('        userId:\n          type: string', '        userId:\n          type: integer');
  expect(edited).not.toBe(original);
  const path = join(mkdtempSync(join(tmpdir(), 'arm-spec-')), 'autopostings.yaml');
  writeFileSync(path, edited);
  expect(await renderTypes(path)).not.toBe(readGeneratedTypes());
});

test('the rule-id freshness check has teeth: a renamed rule renders differently', () => {
  const original = readFileSync(SPEC_PATH, 'utf8');
  const edited = original.replace('        CHECK-ORDER:\n', '        CHECK-SEQUENCE:\n');
  expect(edited).not.toBe(original);
  const path = join(mkdtempSync(join(tmpdir(), 'arm-spec-')), 'autopostings.yaml');
  writeFileSync(path, edited);
  const rendered = renderRuleIds(path);
  expect(rendered).toContain('"CHECK-SEQUENCE"');
  expect(rendered).not.toBe(readGenerated(GENERATED_RULES_PATH));
});
