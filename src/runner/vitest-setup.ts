// Runs in the worker around the contract tables: puts the run's transport statistics on the test
// module's meta, where the reporters read them (stats.ts).
import { afterAll } from 'vitest';
import '../client/stats.js';
import { currentTarget } from './target.js';

// biome-ignore lint/correctness/noEmptyPattern: vitest requires an object pattern as the hook's first parameter
afterAll(({}, suite) => {
  const t = currentTarget();
  if (t) suite.meta.transport = t.layer.takeStats();
});
