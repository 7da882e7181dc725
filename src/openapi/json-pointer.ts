// JSON pointers (RFC 6901), the one place they are read and written: the profile's read-back
// pointers, the places in the OpenAPI document a finding names, the paths of a request body.
// Both `/a/b` and the URI-fragment form `#/a/b` are read; '' (or '#') is the whole document.

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `/a~1b/0` → ['a/b', '0']. */
export function tokensOf(pointer: string): string[] {
  return pointer === '' || pointer === '#' ? [] : pointer.replace(/^#?\//, '').split('/').map(unescapePointerToken);
}

/** ['a/b', 0] → `/a~1b/0`. */
export function pointerOf(tokens: ReadonlyArray<string | number>): string {
  return tokens.map((t) => `/${escapePointerToken(String(t))}`).join('');
}

/** The value at a pointer; undefined when the path is absent (own properties only). */
export function valueAtPointer(doc: unknown, pointer: string): unknown {
  let node: unknown = doc;
  for (const token of tokensOf(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
