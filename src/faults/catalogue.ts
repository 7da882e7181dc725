// The fault catalogue: every named fault, grouped by the part of the contract it breaks.
// To add one: write it in the group's module under catalogue/ (or a new module listed here).
import type { Fault } from './types.js';
import { authFaults } from './catalogue/auth.js';
import { statusFaults } from './catalogue/status.js';
import { validationFaults } from './catalogue/validation.js';
import { schemaFaults } from './catalogue/schema.js';
import { batchFaults } from './catalogue/batch.js';
import { validateOnlyFaults } from './catalogue/validate-only.js';
import { warningFaults } from './catalogue/warnings.js';
import { echoFaults } from './catalogue/echoes.js';
import { readBackFaults } from './catalogue/read-back.js';
import { boundaryFaults } from './catalogue/boundaries.js';
import { commitEffectFaults } from './catalogue/commit-effects.js';
import { shapeFaults } from './catalogue/shapes.js';
import { authFormFaults } from './catalogue/auth-forms.js';
import { dimensionFaults } from './catalogue/dimensions.js';

export const catalogue: readonly Fault[] = [
  ...authFaults,
  ...statusFaults,
  ...validationFaults,
  ...schemaFaults,
  ...batchFaults,
  ...validateOnlyFaults,
  ...warningFaults,
  ...echoFaults,
  ...readBackFaults,
  ...boundaryFaults,
  ...commitEffectFaults,
  ...shapeFaults,
  ...authFormFaults,
  ...dimensionFaults,
];

export function faultByName(name: string): Fault {
  const found = catalogue.find((f) => f.name === name);
  if (!found) throw new Error(`unknown fault '${name}'; known: ${catalogue.map((f) => f.name).join(', ')}`);
  return found;
}
