// The rules every request of a test checks, apart from the table kit (which imports vitest), so that
// programs outside a test run (verify:faults) can tell them from the rules a row is about.
import type { RuleId } from '../openapi/document.js';

/** Rules every request of a test checks (Target.post/get and rawPost check each answer against the spec). */
export const EVERY_REQUEST: readonly RuleId[] = ['DOCUMENTED-STATUS', 'RESPONSE-SCHEMA'];
