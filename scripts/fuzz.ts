// npm run fuzz [-- --count=N --seed=S --lanes=L]: N (default 10,000) generated malformed requests
// of every shape in tests/self/sandbox/fuzz-kit.ts against a sandbox in its own process. Passes when
// every answer is the expected 4xx, the ledger reads back byte-identical and the sandbox still
// answers a valid request. Prints the slowest request's time (wall time seen by the client, the
// sandbox busy with the other lanes' requests too): a report, not a test. Only a request with no
// answer within the hang guard fails the run; the 100 ms CPU bound is measured by
// `npm run bench:sandbox`.
import { fail, parseCommand } from '../src/cli/args.js';
import { fuzzCommand } from '../src/cli/commands.js';
import { mintToken } from '../src/sandbox/index.js';
import { fuzzRequests, runFuzz } from '../tests/self/sandbox/fuzz-kit.js';
import { spawnSandbox } from '../tests/self/sandbox/harness.js';
import { FIXTURE_ITEMS } from '../src/sandbox/fixtures.js';

const values = parseCommand(fuzzCommand);
const seedText = values.seed ?? process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31);
const [count, seed, lanes, hangGuardMs] = [values.count, seedText, values.lanes, values['hang-guard-ms']].map(Number) as [
  number,
  number,
  number,
  number,
];
if (![count, seed, lanes, hangGuardMs].every((n) => Number.isInteger(n) && n >= 0) || count < 1 || lanes < 1) {
  fail(fuzzCommand, 'count, seed, lanes and hang-guard-ms must be non-negative integers (count and lanes at least 1)');
}

const proc = spawnSandbox();
const url = await proc.ready;
if (!url) {
  console.error(`fuzz: the sandbox did not start: ${proc.output().trim()}`);
  proc.child.kill();
  process.exit(2);
}

const token = await mintToken({ clients: [2218, 3300] });
async function ledger(): Promise<string> {
  const texts = await Promise.all(
    FIXTURE_ITEMS.map(async (f) => {
      const res = await fetch(`${url}/clients/${f.clientNo}/aritems/${f.arItemId}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(hangGuardMs),
      });
      return `${res.status} ${await res.text()}`;
    }),
  );
  return texts.join('\n');
}

let failed = false;
try {
  console.log(`fuzz: ${count} malformed requests, FUZZ_SEED=${seed}, ${lanes} lanes, sandbox ${url}`);
  const started = performance.now();
  const before = await ledger();
  const report = await runFuzz(url, token, fuzzRequests(count, seed), { lanes, hangGuardMs });
  const after = await ledger();
  const alive = await fetch(`${url}/clients/2218/autopostings/payment`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      metadata: { userId: 'fuzz', validateOnly: true },
      postings: [{ arItemId: '2218-500002-35078-0', currency: 'NOK', currencyAmount: 1, voucherDate: '2025-07-16' }],
    }),
    signal: AbortSignal.timeout(hangGuardMs),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `fuzz: ${report.sent} sent in ${seconds.toFixed(1)} s; slowest ${report.slowest.ms.toFixed(1)} ms (${report.slowest.shape}), p99 ${report.p99Ms.toFixed(1)} ms`,
  );
  for (const line of report.wrong.slice(0, 20)) console.error(`fuzz: WRONG ${line}`);
  if (report.wrong.length > 20) console.error(`fuzz: ... and ${report.wrong.length - 20} more wrong answers`);
  if (after !== before) console.error('fuzz: the ledger changed: a malformed request was applied');
  if (alive.status !== 200) console.error(`fuzz: a valid request after the run got ${alive.status}`);
  failed = report.wrong.length > 0 || after !== before || alive.status !== 200;
  console.log(failed ? `fuzz: FAILED (replay with FUZZ_SEED=${seed})` : 'fuzz: passed (only the expected 4xx, ledger unchanged)');
} catch (e) {
  console.error(`fuzz: ${(e as Error).message}`);
  failed = true;
} finally {
  proc.child.kill();
}
process.exit(failed ? 1 : 0);
