// "Did you mean …?" for a misspelt flag or profile key: the known name nearest by edit distance
// (Levenshtein, case-insensitive), when it is near enough to be the one meant.

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

/** How many leading characters two names share. */
function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The known name nearest to `word`, if it is within a third of the longer one's length (at least 2
 * edits, so `--no-write` finds `--no-writes`), or if they share a long beginning (`clientNumber`,
 * `clientNo`).
 */
export function nearest(word: string, known: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const n = name.toLowerCase();
    const d = distance(w, n);
    const near = d <= Math.max(2, Math.floor(Math.max(w.length, n.length) / 3)) || sharedPrefix(w, n) >= Math.min(6, n.length);
    if (near && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** ` — did you mean X?`, or nothing when no known name is near. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const match = nearest(word, known);
  return match === undefined ? '' : ` — did you mean ${match}?`;
}
