// Plumbing of the verify script that needs no target: masking captured output, a bounded pool.

/** Masks anything shaped like a JWT, in case a suite ever prints one in its error output. */
export function maskTokens(text: string): string {
  return text.replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '***');
}

/** Runs tasks with at most `limit` at a time, keeping the input order in the results. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
