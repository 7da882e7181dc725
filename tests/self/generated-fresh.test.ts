// generated/ must be what `npm run generate` makes from the current OpenAPI document, so that an API
// change can never ship half-applied.
import { expect, test } from 'vitest';
import { readGeneratedTypes, renderTypes } from '../../src/spec/render-types.js';

test('generated/autopostings.ts is fresh (else: run npm run generate)', async () => {
  const expected = await renderTypes();
  const actual = readGeneratedTypes();
  if (actual !== expected) {
    throw new Error(
      'generated/autopostings.ts is stale: it does not match openapi/autopostings.yaml.\n' +
        '  Run `npm run generate` and commit generated/.',
    );
  }
  expect(actual).toBe(expected);
});

test('the freshness check has teeth: a schema edited without regenerating renders differently', async () => {
  const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { SPEC_PATH } = await import('../../src/spec/document.js');
  const edited = readFileSync(SPEC_PATH, 'utf8').replace(
    '        userId:\n          type: string',
    '        userId:\n          type: integer',
  );
  expect(edited).not.toBe(readFileSync(SPEC_PATH, 'utf8'));
  const path = join(mkdtempSync(join(tmpdir(), 'arm-spec-')), 'autopostings.yaml');
  writeFileSync(path, edited);
  expect(await renderTypes(path)).not.toBe(readGeneratedTypes());
});
