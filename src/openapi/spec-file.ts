// A document the run is asked to judge by (`--spec=FILE`, e.g. what spec:propose wrote with --out):
// checked before any target is touched, so that a wrong file is one line, not every test failing.
// The tables check the suite's rules, so the document must list exactly those (their bases may differ:
// relabelling a rule is what such a document is for).
import { RULE_IDS } from '../../generated/rules.js';
import { type OpenApiDocument, loadSpec, operations } from './document.js';

const OPERATIONS = ['createAutoPostings', 'getArItem'];
const BASES = ['documented', 'assumed'];

/** The problem with a parsed document as the suite's contract, or undefined when there is none. */
export function specProblem(doc: OpenApiDocument): string | undefined {
  if (typeof doc !== 'object' || doc === null || typeof doc.openapi !== 'string') return 'is no OpenAPI document (no openapi: version)';
  const ops = operations(doc);
  const missing = OPERATIONS.filter((id) => !ops.some((op) => op.operationId === id));
  if (missing.length > 0) return `has no operation ${missing.join(', ')} (the suite tests ${OPERATIONS.join(' and ')})`;
  const rules = ops.flatMap((op) => Object.entries<any>(op.operation['x-contract-rules'] ?? {}));
  const ids = new Set(rules.map(([id]) => id));
  const absent = RULE_IDS.filter((id) => !ids.has(id));
  const extra = [...ids].filter((id) => !(RULE_IDS as readonly string[]).includes(id));
  if (absent.length > 0 || extra.length > 0)
    return `lists other contract rules than the suite checks (${[
      absent.length > 0 ? `missing ${absent.join(', ')}` : '',
      extra.length > 0 ? `unknown ${extra.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ')}): the tables check the rules of openapi/autopostings.yaml`;
  const unlabelled = rules.filter(([, r]) => !BASES.includes(r?.basis)).map(([id]) => id);
  if (unlabelled.length > 0) return `gives no basis (documented or assumed) for ${unlabelled.join(', ')}`;
  return undefined;
}

/** `--spec`'s value: a readable OpenAPI document with the suite's operations and rules (throws the problem). */
export function parseSpecFile(raw: string): string {
  if (raw.trim() === '') throw new Error('must not be empty');
  let doc: OpenApiDocument;
  try {
    doc = loadSpec(raw);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(e.code === 'ENOENT' ? `${raw}: no such file` : `${raw}: not YAML (${e.message.split('\n')[0]})`);
  }
  const problem = specProblem(doc);
  if (problem) throw new Error(`${raw} ${problem}`);
  return raw;
}
