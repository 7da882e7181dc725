// npm run fuzz [-- --count=N --seed=S --lanes=L]: N (default 10,000) generated malformed requests
// of every shape in tests/self/sandbox/fuzz-kit.ts against a sandbox in its own process. Passes when
// every answer is the expected 4xx, no request took more than 100 ms of the sandbox's CPU, the ledger
// reads back byte-identical and the sandbox still answers a valid request. The CPU time is metered by
// the sandbox process itself, per request, from its arrival to the end of its answer: CPU time, not
// wall time, so a busy machine does not fail the run. It is a request's own only when no other was in
// flight, so the lanes default to 1; with more, only the requests that ran alone are judged (counted
// in the report). Wall times are printed as a report, never judged; a request with no answer within
// the hang guard is a failure.
import { fail, parseCommand } from '../src/cli/args.js';
import { fuzzCommand } from '../src/cli/commands.js';
import { mintToken } from '../src/sandbox/index.js';
import { fuzzRequests, runFuzz } from '../tests/self/sandbox/fuzz-kit.js';
import { forkServer } from './bench/server-child.js';
import { FIXTURE_ITEMS } from '../src/sandbox/fixtures.js';

const values = parseCommand(fuzzCommand);
const seedText = values.seed ?? process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31);
const [count, seed, lanes, hangGuardMs, cpuLimitMs] = [
  values.count,
  seedText,
  values.lanes,
  values['hang-guard-ms'],
  values['cpu-limit-ms'],
].map(Number) as [number, number, number, number, number];
if (![count, seed, lanes, hangGuardMs, cpuLimitMs].every((n) => Number.isInteger(n) && n >= 0) || count < 1 || lanes < 1) {
  fail(fuzzCommand, 'count, seed, lanes, hang-guard-ms and cpu-limit-ms must be non-negative integers (count and lanes at least 1)');
}

const sandbox = await forkServer('sandbox').catch((e: Error) => {
  console.error(`fuzz: the sandbox did not start: ${e.message}`);
  process.exit(2);
});
const url = sandbox.url;

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
  // The fuzz requests' CPU records (the ledger reads and the check above are not tagged).
  const cpu = (await sandbox.meter()).filter((m) => m.tag && !m.tag.startsWith('GET ') && !m.tag.startsWith('POST '));
  const judged = cpu.filter((m) => m.alone).sort((a, b) => b.ms - a.ms);
  const tooSlow = judged.filter((m) => m.ms > cpuLimitMs);
  const worst = judged[0];
  console.log(
    `fuzz: ${report.sent} sent in ${seconds.toFixed(1)} s; wall time: slowest ${report.slowest.ms.toFixed(1)} ms (${report.slowest.shape}), p99 ${report.p99Ms.toFixed(1)} ms`,
  );
  console.log(
    `fuzz: sandbox CPU per request (${judged.length} of ${cpu.length} ran alone and are judged): ` +
      (worst ? `max ${worst.ms.toFixed(1)} ms (${decodeURIComponent(worst.tag)}), limit ${cpuLimitMs} ms` : 'none measured'),
  );
  for (const line of report.wrong.slice(0, 20)) console.error(`fuzz: WRONG ${line}`);
  if (report.wrong.length > 20) console.error(`fuzz: ... and ${report.wrong.length - 20} more wrong answers`);
  for (const m of tooSlow.slice(0, 10))
    console.error(`fuzz: TOO MUCH CPU ${m.ms.toFixed(1)} ms > ${cpuLimitMs} ms: ${decodeURIComponent(m.tag)}`);
  if (after !== before) console.error('fuzz: the ledger changed: a malformed request was applied');
  if (alive.status !== 200) console.error(`fuzz: a valid request after the run got ${alive.status}`);
  if (judged.length === 0) console.error('fuzz: no request ran alone, so none was judged for CPU: run with --lanes=1');
  failed = report.wrong.length > 0 || tooSlow.length > 0 || judged.length === 0 || after !== before || alive.status !== 200;
  console.log(
    failed
      ? `fuzz: FAILED (replay with FUZZ_SEED=${seed})`
      : `fuzz: passed (only the expected 4xx, no request over ${cpuLimitMs} ms of sandbox CPU, ledger unchanged)`,
  );
} catch (e) {
  console.error(`fuzz: ${(e as Error).message}`);
  failed = true;
} finally {
  sandbox.child.kill();
}
process.exit(failed ? 1 : 0);
