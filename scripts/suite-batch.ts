// A suite process that serves several runs, one after another (verify:faults' workers): each line on
// stdin is one run's arguments as a JSON array; after the run, a marker line on stdout gives its exit
// code. One process per run paid its start-up (tsx, the runner's modules, vitest's) every time; here
// each run pays only its own vitest (src/runner/child-run.ts SuiteBatch). Not a user command.
import { createInterface } from 'node:readline';
import { BATCH_DONE } from '../src/runner/child-run.js';
import { useColor } from '../src/runner/color.js';

useColor(['--no-color']);
const { runContractSuite } = await import('../src/runner/run.js');

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  let exitCode: number;
  try {
    exitCode = await runContractSuite(JSON.parse(line) as string[]);
  } catch (err) {
    console.error(`suite-batch: the run threw: ${(err as Error).stack ?? err}`);
    exitCode = 70;
  }
  process.stdout.write(`\n${BATCH_DONE}${JSON.stringify({ exitCode })}\n`);
}
