// All-pairs combinations: every pair of values of any two dimensions appears in at least one row,
// in far fewer rows than the full product. Greedy and deterministic (the same rows every run, so a
// row's name is stable for --tags-filter and the docs): each new row is the candidate covering the
// most pairs not yet covered, ties to the earliest. No npm package for this is well kept; it is small.

/** The rows of the full product (small matrices: pairwise would not save a row). */
export function product<K extends string>(dims: Readonly<Record<K, readonly string[]>>): Array<Record<K, string>> {
  let rows: Array<Record<string, string>> = [{}];
  for (const [name, values] of Object.entries<readonly string[]>(dims))
    rows = rows.flatMap((row) => values.map((v) => ({ ...row, [name]: v })));
  return rows as Array<Record<K, string>>;
}

const pairKey = (a: string, av: string, b: string, bv: string) => JSON.stringify([a, av, b, bv]);

function pairsOf(row: Record<string, string>, names: readonly string[]): string[] {
  const keys: string[] = [];
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) keys.push(pairKey(names[i]!, row[names[i]!]!, names[j]!, row[names[j]!]!));
  return keys;
}

/** Rows covering every pair of values of every two dimensions (with one or two dimensions: the product). */
export function pairwise<K extends string>(dims: Readonly<Record<K, readonly string[]>>): Array<Record<K, string>> {
  const names = Object.keys(dims) as K[];
  const all = product(dims);
  if (names.length <= 2) return all;
  const uncovered = new Set(all.flatMap((row) => pairsOf(row, names)));
  const rows: Array<Record<K, string>> = [];
  while (uncovered.size > 0) {
    let best = all[0]!;
    let gain = -1;
    for (const candidate of all) {
      const g = pairsOf(candidate, names).filter((k) => uncovered.has(k)).length;
      if (g > gain) [best, gain] = [candidate, g];
    }
    for (const k of pairsOf(best, names)) uncovered.delete(k);
    rows.push(best);
  }
  return rows;
}
