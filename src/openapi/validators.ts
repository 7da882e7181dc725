// ajv validators compiled from the OpenAPI document: response bodies per operation and status code,
// request bodies and path parameters. No schema is written here; each is addressed by JSON pointer.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  type Basis,
  type OpenApiDocument,
  contentOf,
  deref,
  documentedStatuses,
  followRefs,
  mediaOf,
  operationById,
  projectSpec,
  resolvePointer,
  spec,
} from './document.js';
import { escapePointerToken, pointerOf, unescapePointerToken, valueAtPointer } from './json-pointer.js';

// ajv-formats ships CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

const SPEC_ID = 'urn:arm-contract:openapi';

export interface Violation {
  /** JSON pointer into the validated value ('' = the value itself). */
  pointer: string;
  /** The ajv keyword broken: type, required, enum, const, additionalProperties, pattern, ... */
  keyword: string;
  expected: string;
  actual: string;
  /** Basis of the broken schema constraint (nearest `x-basis`), when the document gives one. */
  basis: Basis | undefined;
  /** Where the broken constraint is written in the OpenAPI document (JSON pointer). */
  schemaPointer: string;
}

export interface ValidationResult {
  ok: boolean;
  /** At most MAX_VIOLATIONS; `unlisted` counts the rest. */
  violations: Violation[];
  /** How many further problems were found and not listed (absent when none). */
  unlisted?: number;
}

/** The longest violation list one validation returns: a 1 MiB body must not buy a 16 MB answer. */
export const MAX_VIOLATIONS = 100;

export interface ResponseValidation extends ValidationResult {
  /** False when the status code is not documented for the operation (then `ok` is false too). */
  documentedStatus: boolean;
  /** The status codes the operation documents. */
  documentedStatuses: string[];
}

export interface SpecValidators {
  /** Validates a response body against the schema for (operationId, status). */
  response(operationId: string, status: number | string, body: unknown, contentType?: string): ResponseValidation;
  /** Validates a request body against the operation's request body schema. */
  requestBody(operationId: string, body: unknown, contentType?: string): ValidationResult;
  /** Validates a raw path parameter value (a string, coerced to the schema's type first). */
  pathParameter(operationId: string, name: string, raw: string): ValidationResult;
  /** Validates a value against the schema at a JSON pointer into the document. */
  schema(schemaPointer: string, value: unknown): ValidationResult;
  /** The document the validators were compiled from. */
  readonly doc: OpenApiDocument;
}

// Allow the OpenAPI-only keywords that appear inside schemas; everything else stays strict.
const OPENAPI_SCHEMA_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs'];
// The document root and its non-schema objects are registered as a whole so that every `$ref`
// resolves; ajv must not mistake their keys for misspelled schema keywords.
const OPENAPI_DOCUMENT_KEYWORDS = [
  'openapi',
  'info',
  'servers',
  'paths',
  'components',
  'security',
  'tags',
  'webhooks',
  'jsonSchemaDialect',
];

export function createValidators(doc: OpenApiDocument = spec): SpecValidators {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false, // `type: [integer, string]` with `pattern` is intended (pattern applies to strings)
    // multipleOf: 0.01 on doubles: 1.15 / 0.01 = 114.99999999999999. Amounts are bounded (see Amount),
    // so a tolerance of 1e-6 on the quotient accepts every 2-decimal amount and refuses 3 decimals.
    multipleOfPrecision: 6,
    validateFormats: true,
    unicodeRegExp: true,
  });
  addFormats(ajv);
  // A whole number of cents: the double is exactly the one its 2-decimal form parses to. multipleOf
  // with a tolerance lets 1e-9, 4.9e-324 and 0.30000000000000004 through; this refuses them and
  // keeps 0.29, 1.15 and 19.99 (n / 100 is correctly rounded, so it is the double "n/100" parses to).
  ajv.addFormat('cents', { type: 'number', validate: (x: number) => Math.round(x * 100) / 100 === x });
  ajv.addVocabulary([...OPENAPI_SCHEMA_KEYWORDS, ...OPENAPI_DOCUMENT_KEYWORDS]);
  for (const keyword of collectExtensionKeywords(doc)) ajv.addKeyword(keyword);
  // Every local $ref is inlined before ajv sees the document: ajv calls a schema that holds a $ref
  // as a separate function and concatenates the error list after each call, which makes allErrors
  // quadratic in the number of errors (40,000 empty postings took 44 s). Inlined, it is linear.
  // Error locations are still mapped back through the original document's $refs (canonicalPointer).
  ajv.addSchema(inlineRefs(doc), SPEC_ID);

  const cache = new Map<string, ValidateFunction>();
  const compileAt = (pointer: string): ValidateFunction => {
    let fn = cache.get(pointer);
    if (!fn) {
      const fragment = pointer
        .split('/')
        .map((t) => encodeURIComponent(t))
        .join('/');
      fn = ajv.compile({ $ref: `${SPEC_ID}#${fragment}` });
      cache.set(pointer, fn);
    }
    return fn;
  };

  // The document never changes under a validator set, so each look-up in it (operation, media type
  // owner, parameter schema) is done once per key; keys come from the document or the caller's code,
  // never from request data. The sandbox validates through these on every request.
  const lookups = new Map<string, unknown>();
  const once = <T>(key: string, find: () => T): T => {
    if (!lookups.has(key)) lookups.set(key, find());
    return lookups.get(key) as T;
  };
  const operation = (operationId: string) => once(`op ${operationId}`, () => operationById(operationId, doc));
  const media = (ownerPointer: string, contentType: string) =>
    mediaOf(
      once(`content ${ownerPointer}`, () => contentOf(doc, ownerPointer)),
      contentType,
    );

  const run = (schemaPointer: string, value: unknown): ValidationResult => {
    const fn = compileAt(schemaPointer);
    if (fn(value)) return { ok: true, violations: [] };
    // A failed `oneOf` makes ajv report every branch's errors. Judge the body as the kind it came
    // closest to (fewest violations), so the report speaks of the body that was meant.
    const branches = deref(doc, resolvePointer(doc, schemaPointer))?.oneOf;
    if (Array.isArray(branches)) {
      const base = followRefs(doc, canonicalPointer(doc, schemaPointer)).pointer;
      const results = branches.map((_b, i) => run(`${base}/oneOf/${i}`, value));
      if (results.every((r) => !r.ok)) {
        return results.sort((x, y) => x.violations.length - y.violations.length)[0]!;
      }
    }
    const errors = fn.errors ?? [];
    const unlisted = Math.max(0, errors.length - MAX_VIOLATIONS);
    return {
      ok: false,
      violations: explain(doc, schemaPointer, errors.slice(0, MAX_VIOLATIONS), value),
      ...(unlisted ? { unlisted } : {}),
    };
  };

  return {
    doc,
    schema: run,
    response(operationId, status, body, contentType = 'application/json') {
      const op = operation(operationId);
      const statuses = once(`statuses ${operationId}`, () => documentedStatuses(operationId, doc));
      const key = String(status);
      if (!statuses.includes(key)) {
        return {
          ok: false,
          documentedStatus: false,
          documentedStatuses: statuses,
          violations: [
            {
              pointer: '',
              keyword: 'status',
              expected: `one of the documented status codes ${statuses.join(', ')}`,
              actual: `status ${key}`,
              basis: 'documented',
              schemaPointer: pointerOf(['paths', op.path, op.method.toLowerCase(), 'responses']),
            },
          ],
        };
      }
      const responsePointer = `${op.pointer}/responses/${escapePointerToken(key)}`;
      const found = media(responsePointer, contentType);
      if (found.documented.length > 0 && !found.matched) {
        // A right body under the wrong Content-Type still breaks clients that dispatch on the header.
        return {
          ok: false,
          documentedStatus: true,
          documentedStatuses: statuses,
          violations: [
            {
              pointer: '',
              keyword: 'contentType',
              expected: `content type ${found.documented.join(' or ')}`,
              actual: `content type ${contentType || '(none)'}`,
              basis: basisAt(doc, canonicalPointer(doc, responsePointer)),
              schemaPointer: `${responsePointer}/content`,
            },
          ],
        };
      }
      const schemaPointer = found.schemaPointer;
      if (!schemaPointer) {
        return { ok: true, documentedStatus: true, documentedStatuses: statuses, violations: [] };
      }
      return { ...run(schemaPointer, body), documentedStatus: true, documentedStatuses: statuses };
    },
    requestBody(operationId, body, contentType = 'application/json') {
      const { schemaPointer } = media(`${operation(operationId).pointer}/requestBody`, contentType);
      if (!schemaPointer) throw new Error(`${operationId} documents no ${contentType} request body`);
      return (
        oversizedArrays(
          once(`limits ${schemaPointer}`, () => arrayLimits(doc, schemaPointer)),
          body,
        ) ?? run(schemaPointer, body)
      );
    },
    pathParameter(operationId, name, raw) {
      const { pointer, type } = once(`param ${operationId} ${name}`, () => {
        const at = parameterSchemaPointer(doc, operation(operationId), name);
        return { pointer: at, type: deref(doc, resolvePointer(doc, at))?.type as unknown };
      });
      return run(pointer, coerce(raw, type));
    },
  };
}

function parameterSchemaPointer(
  doc: OpenApiDocument,
  op: { pointer: string; operation: any; pathItem: any; path: string },
  name: string,
): string {
  const candidates: Array<[string, any[]]> = [
    [`${op.pointer}/parameters`, op.operation.parameters ?? []],
    [`${pointerOf(['paths', op.path])}/parameters`, op.pathItem.parameters ?? []],
  ];
  for (const [base, list] of candidates) {
    for (let i = 0; i < list.length; i++) {
      const { pointer, node: param } = followRefs(doc, `${base}/${i}`);
      if (param?.in === 'path' && param.name === name) return `${pointer}/schema`;
    }
  }
  throw new Error(`path parameter '${name}' is not documented`);
}

/**
 * Path parameters arrive as strings; coerce them the way the schema's type asks, from the canonical
 * decimal form only: `2218.0`, `02218` and `+2218` stay strings (and fail the type), never become 2218.
 */
function coerce(raw: string, type: unknown): unknown {
  if (type === 'integer') return /^-?(0|[1-9][0-9]*)$/.test(raw) ? Number(raw) : raw;
  if (type === 'number') return /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(raw) ? Number(raw) : raw;
  return raw;
}

interface ArrayLimit {
  key: string;
  max: number;
  violation: Violation;
}

/** The top-level arrays of a body schema that have a maxItems, each with its violation ready (looked up once). */
function arrayLimits(doc: OpenApiDocument, schemaPointer: string): ArrayLimit[] {
  const { pointer: at, node } = followRefs(doc, schemaPointer);
  return Object.keys(node?.properties ?? {}).flatMap((key): ArrayLimit[] => {
    const { pointer, node: schema } = followRefs(doc, `${at}/properties/${escapePointerToken(key)}`);
    const max = schema?.maxItems;
    if (typeof max !== 'number') return [];
    return [
      {
        key,
        max,
        violation: {
          pointer: `/${escapePointerToken(key)}`,
          keyword: 'maxItems',
          expected: `at most ${max} item(s)`,
          actual: '',
          basis: basisAt(doc, `${pointer}/maxItems`),
          schemaPointer: `${pointer}/maxItems`,
        },
      },
    ];
  });
}

/**
 * A top-level array longer than its schema's maxItems is refused before any of its items is
 * validated: 40,000 postings cost one comparison, not 40,000 validations.
 */
function oversizedArrays(limits: readonly ArrayLimit[], value: unknown): ValidationResult | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  for (const { key, max, violation } of limits) {
    const items = (value as Record<string, unknown>)[key];
    if (Array.isArray(items) && items.length > max) return { ok: false, violations: [{ ...violation, actual: `${items.length} item(s)` }] };
  }
  return undefined;
}

/** A copy of the document with each local `$ref` replaced by its target (the document has no cycles). */
function inlineRefs(doc: OpenApiDocument): OpenApiDocument {
  const copy = (node: unknown, seen: ReadonlySet<string>): unknown => {
    if (Array.isArray(node)) return node.map((n) => copy(n, seen));
    if (!node || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#') && Object.keys(node).length === 1) {
      if (seen.has(ref)) throw new Error(`circular $ref ${ref}`);
      return copy(resolvePointer(doc, ref), new Set([...seen, ref]));
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, copy(v, seen)]));
  };
  return copy(doc, new Set()) as OpenApiDocument;
}

function collectExtensionKeywords(doc: OpenApiDocument): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k.startsWith('x-')) found.add(k);
        walk(v);
      }
    }
  };
  walk(doc);
  return [...found];
}

/** Turns ajv errors into violations: pointer, expected vs actual, basis of the broken constraint. */
function explain(doc: OpenApiDocument, rootPointer: string, errors: ErrorObject[], value: unknown): Violation[] {
  const violations: Violation[] = [];
  for (const e of errors) {
    const constraint = constraintLocation(doc, rootPointer, e);
    violations.push({
      pointer:
        e.keyword === 'required'
          ? `${e.instancePath}/${escapePointerToken((e.params as any).missingProperty)}`
          : e.keyword === 'additionalProperties'
            ? `${e.instancePath}/${escapePointerToken((e.params as any).additionalProperty)}`
            : e.instancePath,
      keyword: e.keyword,
      expected: expectedText(e),
      actual: actualText(e, value),
      basis: basisAt(doc, constraint),
      schemaPointer: constraint,
    });
  }
  return dedupe(violations);
}

function constraintLocation(doc: OpenApiDocument, rootPointer: string, e: ErrorObject): string {
  // ajv's schemaPath is a URI fragment: absolute ("urn:...#/components/...") inside a schema it
  // compiled separately, else relative to the compiled wrapper, with inlined $refs in between.
  const path = e.schemaPath;
  const hash = path.indexOf('#');
  const fragment = hash >= 0 ? path.slice(hash + 1) : path;
  const decoded = fragment
    .split('/')
    .map((t) => decodeURIComponent(t))
    .join('/');
  const absolute = decoded.startsWith('/paths/') || decoded.startsWith('/components/') ? decoded : rootPointer + decoded;
  return canonicalPointer(doc, absolute);
}

/**
 * Follows a pointer through the document, jumping through each `$ref` met on the way, and returns
 * where the last node is really written (e.g. .../schema/properties/result/enum ->
 * /components/schemas/AutoPostingSuccess/properties/result/enum).
 */
function canonicalPointer(doc: OpenApiDocument, pointer: string): string {
  const tokens = pointer.split('/').slice(1).map(unescapePointerToken);
  let at: string[] = [];
  let node: any = doc;
  for (const token of tokens) {
    while (node && typeof node === 'object' && typeof node.$ref === 'string' && !(token in node)) {
      at = node.$ref.replace(/^#\//, '').split('/').map(unescapePointerToken);
      node = resolvePointer(doc, node.$ref);
    }
    if (node === null || typeof node !== 'object' || !(token in node)) return pointerOf([...at, token]);
    node = node[token];
    at = [...at, token];
  }
  return pointerOf(at);
}

/** The nearest `x-basis` at or above a canonical schema location (walking up the pointer). */
function basisAt(doc: OpenApiDocument, pointer: string): Basis | undefined {
  const tokens = pointer.split('/').slice(1);
  const keyword = tokens.at(-1);
  const owner = resolvePointer(doc, `/${tokens.slice(0, -1).join('/')}`);
  const override = keyword !== undefined ? owner?.['x-basis-by-keyword']?.[keyword] : undefined;
  if (override === 'documented' || override === 'assumed') return override;
  for (let n = tokens.length; n >= 0; n--) {
    const node = resolvePointer(doc, `/${tokens.slice(0, n).join('/')}`);
    const basis = node && typeof node === 'object' ? node['x-basis'] : undefined;
    if (basis === 'documented' || basis === 'assumed') return basis;
  }
  return undefined;
}

function expectedText(e: ErrorObject): string {
  const p = e.params as any;
  switch (e.keyword) {
    case 'type':
      return `type ${Array.isArray(p.type) ? p.type.join(' or ') : p.type}`;
    case 'required':
      return `required property '${p.missingProperty}'`;
    case 'additionalProperties':
      return `no property '${p.additionalProperty}' (not in the schema)`;
    case 'enum':
      return `one of ${JSON.stringify(p.allowedValues)}`;
    case 'const':
      return `exactly ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return `a string matching ${p.pattern}`;
    case 'format':
      return p.format === 'cents' ? 'a whole number of cents (format cents)' : `format ${p.format}`;
    case 'multipleOf':
      return `a multiple of ${p.multipleOf}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `a number ${p.comparison} ${p.limit}`;
    case 'minItems':
      return `at least ${p.limit} item(s)`;
    case 'maxItems':
      return `at most ${p.limit} item(s)`;
    case 'minLength':
      return `at least ${p.limit} character(s)`;
    case 'maxLength':
      return `at most ${p.limit} character(s)`;
    default:
      return e.message ?? e.keyword;
  }
}

function actualText(e: ErrorObject, root: unknown): string {
  if (e.keyword === 'required') return 'absent';
  if (e.keyword === 'additionalProperties') {
    const v = valueAtPointer(root, `${e.instancePath}/${escapePointerToken((e.params as any).additionalProperty)}`);
    return `present: ${preview(v)}`;
  }
  const v = valueAtPointer(root, e.instancePath);
  if (e.keyword === 'type') return `${typeName(v)} ${preview(v)}`;
  if (e.keyword === 'minItems' || e.keyword === 'maxItems') return `${Array.isArray(v) ? v.length : '?'} item(s)`;
  if (e.keyword === 'minLength' || e.keyword === 'maxLength') return `${typeof v === 'string' ? codePoints(v) : '?'} character(s)`;
  return preview(v);
}

/** The string's length in code points, as maxLength counts it, without an array of them (a userId may be 1 MiB). */
function codePoints(s: string): number {
  let surrogatePairs = 0;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        surrogatePairs++;
        i++;
      }
    }
  }
  return s.length - surrogatePairs;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function preview(v: unknown): string {
  const text = boundedJson(v, 80);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * JSON text of a value, cut off once it is longer than `budget`: the cost and the recursion stay
 * bounded however large or deep the value is (a 1 MiB body must not be serialised per error).
 * Infinity and undefined are written as such (JSON.stringify would write null).
 */
function boundedJson(v: unknown, budget: number): string {
  if (typeof v === 'string') return JSON.stringify(v.length > budget ? v.slice(0, budget) : v);
  if (v === null || typeof v !== 'object') return typeof v === 'number' && Number.isFinite(v) ? JSON.stringify(v) : String(v);
  const isArray = Array.isArray(v);
  let out = isArray ? '[' : '{';
  for (const key in v) {
    if (out.length > budget) return `${out}...`;
    const item = boundedJson((v as Record<string, unknown>)[key], budget - out.length);
    out += `${out.length > 1 ? ',' : ''}${isArray ? item : `${JSON.stringify(key)}:${item}`}`;
  }
  return out + (isArray ? ']' : '}');
}

function dedupe(list: Violation[]): Violation[] {
  const seen = new Set<string>();
  return list.filter((v) => {
    const key = `${v.pointer}|${v.keyword}|${v.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One line per violation, for failure messages. */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map(
      (v) =>
        `  at ${v.pointer === '' ? '(root)' : v.pointer}: expected ${v.expected}, got ${v.actual}` +
        ` [${v.keyword}, ${v.basis ?? 'basis unknown'}; spec ${v.schemaPointer}]`,
    )
    .join('\n');
}

let judged: SpecValidators | undefined;
let project: SpecValidators | undefined;

/** The validators of the document the suite judges by (document.ts useSpec), compiled once per document, on first use. */
export function validators(): SpecValidators {
  if (judged?.doc !== spec) judged = spec === projectSpec ? projectValidators() : createValidators(spec);
  return judged;
}

/** The validators of the project's own document, whatever the run judges by: the sandbox implements that one. */
export function projectValidators(): SpecValidators {
  project ??= createValidators(projectSpec);
  return project;
}
