// Judges each change Redocly found for clients of this API. Direction matters: a client sends
// requests (so tightening a request schema breaks it) and reads responses (so a response that may
// now carry values the client was never told about breaks a strict client, and a field or status
// code it relied on going away breaks any client). Redocly's own rating is kept where these rules
// have nothing to say.
import type { RedoclyChange } from './redocly.js';
import { tokensOf } from '../openapi/json-pointer.js';

export type Direction = 'request' | 'response' | 'operation';

export interface ClassifiedChange {
  /** Where the change is written in the document (JSON pointer, after $ref). */
  location: string;
  /** Where it shows in an operation (the pointer Redocly reports, decoded). */
  seenAt: string;
  direction: Direction;
  kind: string;
  breaking: boolean;
  why: string;
  /** Redocly's semver impact, for reference. */
  redocly: string;
}

// Keywords bounding a value from above / below.
const UPPER = new Set(['maxLength', 'maxItems', 'maximum', 'exclusiveMaximum', 'maxProperties']);
const LOWER = new Set(['minLength', 'minItems', 'minimum', 'exclusiveMinimum', 'minProperties']);

export function directionOf(path: string): Direction {
  if (/\/requestBody\//.test(path) || /\/parameters\//.test(path)) return 'request';
  if (/\/responses\//.test(path)) return 'response';
  return 'operation';
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const show = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));

/** Whether a keyword change lets fewer values through (true), more (false), or cannot be told (undefined). */
function narrows(property: string, before: unknown, after: unknown): boolean | undefined {
  if (property === 'enum') {
    if (before === undefined) return true;
    if (after === undefined) return false;
    const a = asList(after).map((x) => JSON.stringify(x));
    const b = asList(before).map((x) => JSON.stringify(x));
    if (b.some((x) => !a.includes(x))) return true; // a value went away
    return a.some((x) => !b.includes(x)) ? false : undefined;
  }
  if (UPPER.has(property) || LOWER.has(property)) {
    if (before === undefined) return true;
    if (after === undefined) return false;
    const [x, y] = [Number(before), Number(after)];
    return UPPER.has(property) ? y < x : y > x;
  }
  if (property === 'additionalProperties') {
    return before !== false && after === false ? true : before === false && after !== false ? false : undefined;
  }
  return undefined;
}

/**
 * A status code added or removed. An added response that says it takes the place of another
 * (`x-replaces`, written by spec:propose when the target answers the same requests with a new code)
 * is a replaced answer: clients handling the old code no longer get it.
 */
function judgeStatus(c: RedoclyChange, status: string): { kind: string; breaking: boolean; why: string } {
  if (c.kind === 'removed') return { kind: `status ${status} removed`, breaking: true, why: 'clients handling this status code lose it' };
  const added = (c.revision?.value ?? {}) as Record<string, unknown>;
  const replaces = added['x-replaces'];
  if (replaces !== undefined) {
    return {
      kind: `status ${String(replaces)} replaced by ${status}`,
      breaking: true,
      why: `the same requests are answered ${status} instead of ${String(replaces)}: clients handling ${String(replaces)} for them no longer get it`,
    };
  }
  const observed = added['x-basis'] === 'observed' ? 'observed from the target, not documented; ' : '';
  return {
    kind: `status ${status} added`,
    breaking: false,
    why: `a new answer (${observed}every answer documented before is still given)`,
  };
}

function judge(c: RedoclyChange, direction: Direction): { kind: string; breaking: boolean; why: string } | undefined {
  const prop = c.property;
  const before = c.base?.value;
  const after = c.revision?.value;
  const statusMatch = /\/responses\/([^/]+)$/.exec(c.path);
  if (statusMatch && c.kind !== 'modified') return judgeStatus(c, statusMatch[1]!);
  if (c.kind === 'modified' && prop === 'required') {
    const added = asList(after).filter((x) => !asList(before).includes(x));
    const removed = asList(before).filter((x) => !asList(after).includes(x));
    if (direction === 'request' && added.length > 0) {
      return {
        kind: 'request field became required',
        breaking: true,
        why: `requests without ${added.join(', ')} are now refused`,
      };
    }
    if (direction === 'response' && removed.length > 0) {
      return {
        kind: 'response field became optional',
        breaking: true,
        why: `clients relying on ${removed.join(', ')} may not get it`,
      };
    }
    return {
      kind: 'required changed',
      breaking: false,
      why: direction === 'request' ? 'fewer request fields required' : 'more response fields guaranteed',
    };
  }
  if (c.kind === 'modified' && prop === 'type') {
    return { kind: `${direction} type changed`, breaking: true, why: `type ${show(before)} → ${show(after)}` };
  }
  if (c.kind === 'modified' && (prop === 'const' || prop === 'format' || prop === 'pattern')) {
    const tighter = direction === 'request' ? 'requests valid before may be refused' : 'responses may carry values clients do not expect';
    return {
      kind: `${direction} ${prop} changed`,
      breaking: direction !== 'operation',
      why: `${show(before)} → ${show(after)}: ${tighter}`,
    };
  }
  if (c.kind === 'modified' && prop !== undefined) {
    const n = narrows(prop, before, after);
    if (n === undefined) return undefined;
    const change = `${prop} ${show(before)} → ${show(after)}`;
    if (direction === 'request') {
      return n
        ? { kind: `request ${prop} narrowed`, breaking: true, why: `${change}: requests valid before may be refused` }
        : {
            kind: `request ${prop} loosened`,
            breaking: false,
            why: `${change}: every request valid before stays valid`,
          };
    }
    if (direction === 'response') {
      return n
        ? {
            kind: `response ${prop} narrowed`,
            breaking: false,
            why: `${change}: clients only see values they already handle`,
          }
        : {
            kind: `response ${prop} widened`,
            breaking: true,
            why: `${change}: strict clients meet values they were never told about`,
          };
    }
  }
  if (c.typeName === 'Schema' && /\/properties\/[^/]+$/.test(c.path) && c.kind !== 'modified') {
    const name = c.path.split('/').at(-1);
    if (direction === 'response') {
      return c.kind === 'removed'
        ? { kind: 'response field removed', breaking: true, why: `clients reading ${name} no longer get it` }
        : { kind: 'response field added', breaking: false, why: `clients ignore ${name} until they use it` };
    }
    if (direction === 'request') {
      return c.kind === 'removed'
        ? {
            kind: 'request field removed',
            breaking: true,
            why: `clients still sending ${name} are refused (unknown fields are refused)`,
          }
        : {
            kind: 'request field added',
            breaking: false,
            why: `${name} is optional unless also made required (reported separately)`,
          };
    }
  }
  return undefined;
}

export function classify(changes: RedoclyChange[]): ClassifiedChange[] {
  return changes.map((c) => {
    const direction = directionOf(c.path);
    const location = (c.revision ?? c.base)?.pointer ?? c.path;
    const own = judge(c, direction);
    const redocly = c.verdicts.map((v) => v.message).join(' ');
    const fallback = {
      kind: `${c.typeName} ${c.kind}${c.property ? ` (${c.property})` : ''}`,
      breaking: c.impact === 'major',
      why: redocly || `Redocly rates it ${c.impact}`,
    };
    const seenAt = tokensOf(c.path.replace(/^#\/paths\//, '/')).join(' › ');
    return { location: location.replace(/^#/, ''), seenAt, direction, ...(own ?? fallback), redocly: c.impact };
  });
}
