// Runs in the worker around every contract test file: reports the file's transport statistics.
import { afterAll } from 'vitest';
import { readSettings } from './settings.js';
import { appendStats } from './stats.js';
import { currentTarget } from './target.js';

afterAll(() => {
  const t = currentTarget();
  if (t) appendStats(readSettings().reportDir, t.layer.takeStats());
});
