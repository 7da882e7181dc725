// docs/reference/faults.md: the fault catalogue (src/faults/catalogue.ts), each fault with the rule it breaks.
import { catalogue } from '../faults/catalogue.js';
import type { Fault } from '../faults/types.js';
import { contractRule } from '../openapi/document.js';
import { header, table } from './markdown.js';

/** The description, with the other rules the same behaviour breaks (their failures catch it too). */
function described(f: Fault): string {
  return f.alsoBreaks?.length ? `${f.description} Also breaks ${f.alsoBreaks.join(', ')}.` : f.description;
}

export function renderFaults(): string {
  return `${[
    header('Fault catalogue', 'src/faults/catalogue.ts'),
    `${catalogue.length} named ways an implementation of the endpoint can break the contract. \`npm run verify:faults\` runs ` +
      'against each (a proxy in front of the sandbox) the rows of the rules it breaks (`--full`: the whole suite) and fails when no failure of those rules catches it; ' +
      '`npm run faults -- --fault=NAME` serves one to try by hand. Rules: [rules.md](rules.md).',
    table(
      ['fault', 'what the broken implementation does', 'rule broken', 'basis'],
      catalogue.map((f) => [`\`${f.name}\``, described(f), f.breaks, contractRule(f.breaks).basis]),
    ),
  ].join('\n\n')}\n`;
}
