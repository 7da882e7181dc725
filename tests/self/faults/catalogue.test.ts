// The catalogue itself: enough faults, unique names, each breaking a rule the spec lists, and every
// part of the contract the issue names covered by at least one fault.
import { describe, expect, it } from 'vitest';
import { contractRule, contractRules } from '../../../src/openapi/document.js';
import { catalogue, faultByName } from '../../../src/faults/catalogue.js';

describe('fault catalogue', () => {
  it('has at least 25 faults with unique kebab-case names', () => {
    const names = catalogue.map((f) => f.name);
    expect(names.length).toBeGreaterThanOrEqual(25);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(catalogue.map((f) => [f.name, f] as const))('%s names an existing contract rule and says what it does', (_name, f) => {
    expect(contractRules().has(f.breaks)).toBe(true);
    expect(['documented', 'assumed']).toContain(contractRule(f.breaks).basis);
    expect(f.description.length).toBeGreaterThan(20);
  });

  // One row per part of the contract the issue lists: the rule a fault in that part must break.
  const parts: [part: string, rule: string][] = [
    ['auth refusals', 'AUTH-REFUSAL-403'],
    ['unknown client', 'UNKNOWN-CLIENT-404'],
    ['unknown method', 'UNKNOWN-METHOD-404'],
    ['malformed requests', 'MALFORMED-400'],
    ['malformed answer shape', 'MALFORMED-400-SHAPE'],
    ['unknown fields', 'UNKNOWN-FIELDS-400'],
    ['undocumented status', 'DOCUMENTED-STATUS'],
    ['rejected batch status', 'BATCH-REJECTED-400'],
    ['response schema drift', 'RESPONSE-SCHEMA'],
    ['batch atomicity', 'BATCH-ATOMIC'],
    ['BATCH-REJECTED mark', 'BATCH-REJECTED-MARK'],
    ['culprit mark', 'CULPRIT-MARK'],
    ['validateOnly at batch level', 'VALIDATE-ONLY-BATCH'],
    ['validateOnly at posting level', 'VALIDATE-ONLY-ANY-POSTING'],
    ['warnings reject', 'WARNINGS-REJECT'],
    ['suppressWarnings at batch level', 'SUPPRESS-WARNINGS-BATCH'],
    ['suppressWarnings at posting level', 'SUPPRESS-WARNINGS-POSTING'],
    ['suppressed warning mark', 'SUPPRESSED-WARNING-MARK'],
    ['result order and echo', 'RESULTS-ORDER'],
    ['clientNo echo', 'CLIENTNO-ECHO'],
    ['read-back', 'COMMIT-EFFECT'],
    ['case-insensitive values', 'CASE-INSENSITIVE-VALUES'],
    // Subtle faults (issue 13): one class each.
    ['rule boundaries', 'OVERPAYMENT-WARNING'],
    ['limits at their bound', 'LIMITS-INCLUSIVE'],
    ['exact amounts', 'AMOUNT-EXACT'],
    ['dueDate on commit', 'DUE-DATE-EFFECT'],
    ['validation after a commit', 'VALIDATION-SEES-COMMITS'],
    ['several clients in one token', 'MULTI-CLIENT-TOKEN'],
    ['check order', 'CHECK-ORDER'],
    ['ERROR kinds and near misses', 'ERROR-KINDS'],
    ['concurrent commits', 'CONCURRENT-COMMITS'],
    ['exact error pointers', 'ERROR-PATH-EXACT'],
  ];
  it.each(parts)('covers %s (%s)', (_part, rule) => {
    expect(catalogue.filter((f) => f.breaks === rule).map((f) => f.name)).not.toEqual([]);
  });

  it('covers each kind of auth refusal', () => {
    for (const name of [
      'auth-missing-token-accepted',
      'auth-alg-none-accepted',
      'auth-expired-token-accepted',
      'auth-bad-signature-accepted',
      'auth-foreign-client-allowed',
    ]) {
      expect(faultByName(name).breaks).toBe('AUTH-REFUSAL-403');
    }
  });

  it('refuses an unknown fault name, listing the known ones', () => {
    expect(() => faultByName('no-such-fault')).toThrow(/unknown fault 'no-such-fault'; known: auth-401-instead-of-403/);
  });
});
