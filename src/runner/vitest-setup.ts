// Runs in the worker around the contract tables: the tables judge by the run's document (--spec),
// each test runs with its checks recorded on its meta (src/oracle/evaluations.ts), and the run's
// transport statistics go on the test module's meta, where the reporters read them (stats.ts).
import { afterAll, aroundEach, inject } from 'vitest';
import '../client/stats.js';
import { SPEC_PATH, useSpec } from '../openapi/document.js';
import { recordingOn } from '../oracle/evaluations.js';
import { currentTarget } from './target.js';
import { asTest } from './running-test.js';

// Before any table defines its rows: their names carry their rules' bases.
useSpec(inject('armTarget').settings.specPath ?? SPEC_PATH);

// The tables run concurrently: the running test is carried by the async context, not a global.
aroundEach((runTest, { task, signal }) => recordingOn(task, () => asTest(task.fullName, runTest, signal)));

// biome-ignore lint/correctness/noEmptyPattern: vitest requires an object pattern as the hook's first parameter
afterAll(({}, suite) => {
  const t = currentTarget();
  if (t) suite.meta.transport = t.layer.takeStats();
});
