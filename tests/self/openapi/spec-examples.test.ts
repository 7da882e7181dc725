// Every example in the OpenAPI document validates against its own schema (media-type examples of
// request bodies and responses, and schema-level `examples`), checked with the project's validators.
import { describe, expect, test } from 'vitest';
import { operations, spec } from '../../../src/openapi/document.js';
import { pointerOf } from '../../../src/openapi/json-pointer.js';
import { createValidators, formatViolations } from '../../../src/openapi/validators.js';

const v = createValidators(spec);

interface ExampleCase {
  where: string;
  check: () => ReturnType<typeof v.requestBody>;
}
const cases: ExampleCase[] = [];

for (const op of operations()) {
  for (const [mediaType, media] of Object.entries<any>(op.operation.requestBody?.content ?? {})) {
    for (const [name, ex] of Object.entries<any>(media.examples ?? {})) {
      cases.push({
        where: `${op.operationId} request ${mediaType} example '${name}'`,
        check: () => v.requestBody(op.operationId, ex.value, mediaType),
      });
    }
  }
  for (const [status, responseOrRef] of Object.entries<any>(op.operation.responses ?? {})) {
    const response = responseOrRef.$ref ? spec.components.responses[responseOrRef.$ref.split('/').pop()] : responseOrRef;
    for (const [mediaType, media] of Object.entries<any>(response.content ?? {})) {
      for (const [name, ex] of Object.entries<any>(media.examples ?? {})) {
        cases.push({
          where: `${op.operationId} ${status} ${mediaType} example '${name}'`,
          check: () => v.response(op.operationId, status, ex.value, mediaType),
        });
      }
    }
  }
}

describe('every example in the OpenAPI document conforms to its schema', () => {
  test.each(cases.map((c) => [c.where, c] as const))('%s', (_where, c) => {
    const result = c.check();
    expect(result.ok, formatViolations(result.violations)).toBe(true);
  });

  test('each operation has a request example (if it takes a body) and an example for every response', () => {
    for (const op of operations()) {
      if (op.operation.requestBody) {
        expect(
          cases.some((c) => c.where.startsWith(`${op.operationId} request`)),
          op.operationId,
        ).toBe(true);
      }
      for (const status of Object.keys(op.operation.responses)) {
        expect(
          cases.some((c) => c.where.startsWith(`${op.operationId} ${status} `)),
          `${op.operationId} ${status}`,
        ).toBe(true);
      }
    }
  });

  test("the published page's request and 200 response examples are in the document", () => {
    const post = operations().find((o) => o.operationId === 'createAutoPostings')!.operation;
    expect(post.requestBody.content['application/json'].examples['page-example'].value.postings[0]).toEqual({
      arItemId: '2218-500002-35078-0',
      dueDate: '2025-07-15',
      currency: 'NOK',
      currencyAmount: 150,
      voucherDate: '2025-07-16',
    });
    expect(post.responses['200'].content['application/json'].examples['page-example'].value.message).toBe('Posting(s) performed');
  });
});

// Schema-level `examples` arrays (Redocly's own check of these is off: it mishandles multipleOf).
const schemaExamples = Object.entries<any>(spec.components.schemas).flatMap(([name, schema]) =>
  (schema.examples ?? []).map((ex: unknown, i: number) => [name, i, ex] as const),
);

describe('schema-level examples conform to their schema', () => {
  test.each(schemaExamples)('%s example %i', (name, _i, ex) => {
    const result = v.schema(pointerOf(['components', 'schemas', name]), ex);
    expect(result.ok, formatViolations(result.violations)).toBe(true);
  });
});
