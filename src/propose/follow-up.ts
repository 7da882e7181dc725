// What must follow a spec edit, by kind of edit: the sandbox (a reference implementation must send
// and accept what the spec says), the contract tables, the fixtures, and the basis label.
import type { EditKind, ProposedEdit } from './plan.js';

const FOLLOW: Record<EditKind, string[]> = {
  nullable: ['sandbox fixtures (src/sandbox/fixtures.ts): an item with the field null, so the sandbox shows it too'],
  'type widened': [
    'sandbox (src/sandbox/): send the new type where the target does, or leave it and say why',
    'tests/contract tables that compare the field (e.g. amounts, read-back) must accept the new type',
  ],
  'enum value added': [
    'sandbox rules (src/sandbox/rules.ts): when does the target answer the new value? make the sandbox do the same',
    'tests/contract tables: a row that expects the new value where it applies',
  ],
  'property added': ['sandbox fixtures/answers (src/sandbox/): send the new field (optional: the drift report shows a note until then)'],
  'property renamed': [
    'sandbox fixtures/answers (src/sandbox/): send the field under its new name',
    'the old name stays declared (optional) until a person removes it: clients reading it lose it (breaking)',
  ],
  'status added': [
    'sandbox routes (src/sandbox/routes.ts): answer the new status in the same case',
    'tests/contract tables: a row for the case that gets the new status, with its basis',
    'the fault catalogue (src/faults/catalogue/): a fault that breaks the new rule, so the suite has teeth',
  ],
  'status replaced': [
    'sandbox routes (src/sandbox/routes.ts): answer the new status where the old one was answered',
    'tests/contract tables and x-contract-rules: the rules naming the old status (e.g. MALFORMED-400) change with it, with their basis',
    'clients: every client handling the old status must handle the new one (breaking)',
  ],
};

/** The steps after writing `edits`; `elsewhere`: the proposed document, when not the project's spec. */
export function followUp(edits: ProposedEdit[], elsewhere?: string): string[] {
  const steps = new Set<string>();
  for (const e of edits) for (const s of FOLLOW[e.kind]) steps.add(s);
  return [
    `the target judged by it: npm test -- --base-url=URL --profile=FILE${elsewhere ? ` --spec=${elsewhere}` : ''} (the change's causes are gone)`,
    ...steps,
    'every node marked `x-basis: observed`: confirm it against the published page and relabel it documented or assumed',
    'npm run check && npm test (the embedded sandbox must stay green against the new spec)',
  ];
}
