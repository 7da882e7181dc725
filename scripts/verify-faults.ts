// npm run verify:faults [-- --fault=NAME[,NAME] --jobs=2 --timeout=180 --full --keep --list --out=reports/faults.md [-- suite args]]
// Runs the whole contract suite against the correct sandbox (must pass) and, against each fault of the
// catalogue, the rows tagged with the rules it breaks (must fail on one of those rules; --full: the
// whole suite, the weekly job), prints a table, and exits 1 when the correct sandbox fails or a fault is missed.
import { mkdir, writeFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import { dirname } from 'node:path';
import { availableParallelism } from 'node:os';
import { parseCommand } from '../src/cli/args.js';
import { verifyFaultsCommand } from '../src/cli/commands.js';
import { catalogue, faultByName } from '../src/faults/catalogue.js';
import { rulesBroken, type Fault } from '../src/faults/types.js';
import { verifyOne } from '../src/faults/verify/run.js';
import { isGood, renderTable, renderVerdictLine } from '../src/faults/verify/table.js';
import { SuiteBatch, endSuiteProcesses } from '../src/runner/child-run.js';
import { endOnSignal } from '../src/runner/signals.js';

const values = parseCommand(verifyFaultsCommand);
const positionals = values.positionals;

if (values.list) {
  for (const f of catalogue) console.log(`${f.name.padEnd(36)} ${rulesBroken(f).join(',').padEnd(26)} ${f.description}`);
  process.exit(0);
}

let faults: Fault[];
try {
  faults = values.fault ? values.fault.split(',').map((n) => faultByName(n.trim())) : [...catalogue];
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
// One suite process per CPU by default: each serves run after run (SuiteBatch), so that a run pays
// only its own vitest, not the start-up of a process.
const jobs = Math.max(1, Number(values.jobs) || availableParallelism());
const timeoutMs = Math.max(10, Number(values.timeout) || 180) * 1000;

// A cancel ends the suite runs too: they run detached (own process groups), so no signal reaches them otherwise.
endOnSignal((why) => {
  console.error(`verify:faults: ${why}; ending the suite runs in progress`);
  endSuiteProcesses();
});

const started = performance.now();
const full = values.full ?? false;
const against = full ? 'the whole suite against each' : 'the rows of the rules each breaks';
console.log(`verify:faults: the suite against the correct sandbox, ${against} of ${faults.length} fault(s), ${jobs} at a time`);
const targets: (Fault | undefined)[] = [undefined, ...faults];
const limit = pLimit(jobs);
const idle = Array.from({ length: jobs }, () => new SuiteBatch());
const outcomes = await Promise.all(
  targets.map((fault) =>
    limit(async () => {
      const batch = idle.pop()!;
      try {
        const runSuite = batch.run.bind(batch);
        const outcome = await verifyOne(fault, { timeoutMs, suiteArgs: positionals, keepReports: values.keep ?? false, full, runSuite });
        console.log(`  ${(fault?.name ?? '(correct sandbox)').padEnd(36)} ${outcome.verdict.padEnd(7)} ${outcome.seconds.toFixed(1)} s`);
        return outcome;
      } finally {
        idle.push(batch);
      }
    }),
  ),
);
for (const batch of idle) batch.close();

const table = renderTable(outcomes);
const verdict = renderVerdictLine(outcomes);
const total = `total ${((performance.now() - started) / 1000).toFixed(1)} s`;
console.log(`\n${table}\n\n${verdict}; ${total}`);
await mkdir(dirname(values.out), { recursive: true });
await writeFile(values.out, `# Fault catalogue verification\n\n${table}\n\n${verdict}; ${total}\n`);
console.log(`table written to ${values.out}`);

const bad = outcomes.filter((o) => !isGood(o));
if (bad.length > 0) {
  console.error(
    `\nverify:faults FAILED: ${bad.map((o) => `${o.fault ?? 'correct sandbox'} ${o.verdict}${o.note ? ` (${o.note})` : ''}`).join('; ')}`,
  );
  process.exit(1);
}
