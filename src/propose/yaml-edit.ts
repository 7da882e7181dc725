// Small edits of a YAML document in place with the `yaml` package's Document API, so that every
// comment, key order and quoting style outside the edited nodes stays as the author wrote it.
import { type Document, isMap, isSeq, Pair, Scalar, type YAMLMap } from 'yaml';
import { tokensOf } from '../openapi/json-pointer.js';

export function mapAt(doc: Document, pointer: string): YAMLMap {
  const node = doc.getIn(tokensOf(pointer), true);
  if (!isMap(node)) throw new Error(`no mapping at ${pointer} in the document`);
  return node;
}

/** A flow sequence (`[a, b]`), the document's style for short lists. */
export function flowSeq(doc: Document, values: unknown[]) {
  const node = doc.createNode(values, { flow: true });
  return node;
}

/** Sets key to value in the map, at its place if present, else at the end. */
export function setKey(doc: Document, map: YAMLMap, key: string, value: unknown): void {
  map.set(key, isMap(value) || isSeq(value) || value instanceof Scalar ? value : doc.createNode(value));
}

/** Appends values to the sequence at key (keeping its flow or block style). */
export function appendToSeq(doc: Document, map: YAMLMap, key: string, values: unknown[]): void {
  const seq = map.get(key, true);
  if (!isSeq(seq)) throw new Error(`${key} is not a list`);
  for (const v of values) seq.add(doc.createNode(v));
}

/** Inserts a response by status code in numeric order among the existing ones; the key is quoted like theirs. */
export function insertStatus(doc: Document, responses: YAMLMap, status: string, value: unknown): void {
  const key = new Scalar(status);
  key.type = 'QUOTE_SINGLE';
  const pair = new Pair(key, doc.createNode(value));
  const index = responses.items.findIndex((p) => {
    const k = String((p.key as Scalar | undefined)?.value ?? p.key);
    return /^\d+$/.test(k) && Number(k) > Number(status);
  });
  if (index === -1) responses.items.push(pair);
  else responses.items.splice(index, 0, pair);
}

/** A scalar written in single quotes (e.g. a date, which some YAML readers would turn into a Date). */
export function quoted(value: string): Scalar {
  const s = new Scalar(value);
  s.type = 'QUOTE_SINGLE';
  return s;
}

/** Removes a value from the sequence at key, if there (keeping the sequence's style). */
export function removeFromSeq(map: YAMLMap, key: string, value: unknown): void {
  const seq = map.get(key, true);
  if (!isSeq(seq)) return;
  const index = seq.items.findIndex((item) => (item instanceof Scalar ? item.value : item) === value);
  if (index !== -1) seq.items.splice(index, 1);
}
