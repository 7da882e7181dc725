// docs/reference/profile.md: every key of a target profile, from its JSON Schema (src/runner/profile.schema.json).
import PROFILE_SCHEMA from '../runner/profile.schema.json' with { type: 'json' };
import { header, table } from './markdown.js';

type JsonSchema = Record<string, any>;
const defs = PROFILE_SCHEMA.$defs as Record<string, JsonSchema>;

/** A $ref'd node merged with the node's own keywords (its description wins); `x-kind` names a string's kind. */
function resolved(node: JsonSchema): JsonSchema {
  return typeof node.$ref === 'string' ? { ...resolved(defs[node.$ref.replace('#/$defs/', '')]!), ...node } : node;
}

function typeOf(node: JsonSchema): string {
  const n = resolved(node);
  if (n.$ref === '#/$defs/tokenSource' || node.$ref === '#/$defs/tokenSource') return 'token source';
  if (n.anyOf) return (n.anyOf as JsonSchema[]).map(typeOf).join(', or ');
  if (n.enum) return (n.enum as unknown[]).map((v) => `\`${String(v)}\``).join(' | ');
  if (n.type === 'array') return `list of ${typeOf(n.items)}s`;
  if (n['x-kind']) return n['x-kind'];
  return (
    ({ integer: 'integer ≥ 1', string: 'string', number: 'number > 0', object: 'mapping' } as Record<string, string>)[n.type] ??
    String(n.type)
  );
}

/** One row per key, depth first: `items.otherCurrency.arItemId`. */
function rows(node: JsonSchema, prefix: string): string[][] {
  const n = resolved(node);
  const required = new Set<string>(n.required ?? []);
  return Object.entries<JsonSchema>(n.properties ?? {}).flatMap(([key, child]) => {
    const path = `${prefix}${key}`;
    const c = resolved(child);
    const row = [`\`${path}\``, typeOf(child), required.has(key) ? 'yes' : 'no', child.description ?? c.description ?? ''];
    const nested = c.type === 'object' && c.properties && child.$ref !== '#/$defs/tokenSource' ? rows(c, `${path}.`) : [];
    return [row, ...nested];
  });
}

export function renderProfile(): string {
  return `${[
    header('Target profile', 'src/runner/profile.schema.json'),
    `${PROFILE_SCHEMA.description.replace(/ `x-error`.*$/, '')} Give one with \`npm test -- --profile=FILE\`; ` +
      "without one the suite targets the embedded sandbox's fixtures (profiles/sandbox.yaml). An example with every key " +
      'explained: profiles/example-live.yaml. Unknown keys are refused, so a misspelt optional key cannot skip tests silently. ' +
      `At least one of \`items.open\` and \`items.write\` must name an item.`,
    table(['key', 'type', 'required', 'what it is'], rows(PROFILE_SCHEMA, '')),
    '## Token sources',
    `${defs.tokenSource!.description} A profile holds the names of environment variables, never a token or a secret: ` +
      'keys such as `secret` or `token`, and values that are not variable names, are refused without being echoed.',
    table(
      ['key', 'type', 'what it is'],
      rows(defs.tokenSourceKeys!, '').map(([k, t, , d]) => [k!, t!, d!]),
    ),
  ].join('\n\n')}\n`;
}
