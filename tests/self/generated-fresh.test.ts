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
