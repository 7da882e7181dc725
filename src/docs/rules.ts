// docs/reference/rules.md: the contract rules, from x-contract-rules of the OpenAPI document.
import { contractRules, operations, spec } from '../openapi/document.js';
import { header, table } from './markdown.js';

export function renderRules(): string {
  const parts = [
    header('Contract rules', '`x-contract-rules` in openapi/autopostings.yaml'),
    'Every check of the suite names one of these rules, and every rule its basis: `documented` (the published ' +
      'page says so: https://docs.amili.dev/post-create-one-or-more-auto-postings-3942671e0) or `assumed` ' +
      '(the page is silent; this project decided, and a failure is a mismatch with that assumption, not a breach).',
  ];
  for (const op of operations(spec)) {
    const rules = [...contractRules(op.operationId).values()];
    if (rules.length === 0) continue;
    parts.push(
      `## ${op.method} ${op.path} (\`${op.operationId}\`)`,
      table(
        ['rule', 'basis', 'what it says'],
        rules.map((r) => [`\`${r.id}\``, r.basis, r.rule]),
      ),
    );
  }
  return `${parts.join('\n\n')}\n`;
}
