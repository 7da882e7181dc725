// npm run bench:sandbox: throughput and latency of the sandbox against a bare node:http server
// returning a fixed JSON answer, measured in the same run with autocannon and the same settings.
// Each server runs in its own child process, so the load generator does not share its event loop.
// The bare server is sent the same 1-posting request. Batches are validateOnly: every check runs,
// nothing drains, so every request does the same work.
// Env: BENCH_DURATION (s per target and round, default 2), BENCH_ROUNDS (default 3),
// BENCH_CONNECTIONS (default 10).
import { fork, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { envNumber, machine, pct, percentile, times, writeReport } from './report.js';

interface Result {
  requests: { total: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Run = EventEmitter & PromiseLike<Result>;
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: Record<string, unknown>) => Run;

const { values } = parseArgs({ options: { serve: { type: 'string' } }, strict: true });

if (values.serve) {
  await serve(values.serve);
} else {
  await main();
}

/** Child: start one server on an ephemeral port and tell the parent where. */
async function serve(kind: string): Promise<void> {
  let url: string;
  if (kind === 'bare') {
    const answer = JSON.stringify({
      status: 'PROCESSED',
      result: 'VALIDATED',
      message: 'fixed answer',
      clientNo: 2218,
      autoPostings: [],
    });
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
        res.end(answer);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  } else {
    const { startSandbox } = await import('../../src/sandbox/index.js');
    url = (await startSandbox()).url;
  }
  // The parent asks for this process's CPU time around one request: the sandbox's own CPU cost.
  process.on('message', (m) => {
    if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
  process.send!({ url });
  process.on('disconnect', () => process.exit(0));
}

function startChild(kind: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(import.meta.url), [`--serve=${kind}`], {
    execArgv: process.execArgv,
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start in 30 s`)), 30_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve({ child, url: (m as { url: string }).url });
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function body(postings: number): string {
  const items = ['2218-500002-35079-0', '2218-500006-35083-0', '2218-500007-35084-0', '2218-500008-35085-0'];
  return JSON.stringify({
    metadata: { userId: 'bench', validateOnly: true },
    postings: Array.from({ length: postings }, (_, i) => ({
      arItemId: items[i % items.length],
      currency: 'NOK',
      currencyAmount: 1.25,
      voucherDate: '2025-07-16',
    })),
  });
}

interface Target {
  name: string;
  url: string;
  payload: string;
}
interface Tally {
  requests: number;
  seconds: number;
  samples: number[];
}
interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
}

async function main(): Promise<void> {
  const duration = envNumber('BENCH_DURATION', 2);
  const rounds = envNumber('BENCH_ROUNDS', 3);
  const connections = envNumber('BENCH_CONNECTIONS', 10);
  const { mintToken } = await import('../../src/sandbox/index.js');
  const token = await mintToken({ clients: [2218] });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const bare = await startChild('bare');
  const sandbox = await startChild('sandbox');
  const measure = async (t: Target, seconds: number, into: Tally): Promise<void> => {
    // autocannon's own latency histogram has 1 ms steps (p50 is 0 ms on loopback); the raw
    // per-response times it reports as events are in fractions of a millisecond.
    const instance = autocannon({
      url: t.url,
      connections,
      duration: seconds,
      method: 'POST',
      headers,
      body: t.payload,
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => into.samples.push(ms));
    const r = await instance;
    if (r.non2xx || r.errors || r.timeouts) throw new Error(`${t.name}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
    into.requests += r.requests.total;
    into.seconds += r.duration;
  };
  try {
    const path = `${sandbox.url}/clients/2218/autopostings/payment`;
    const targets: Target[] = [
      { name: 'bare node:http (fixed JSON)', url: bare.url, payload: body(1) },
      { name: 'sandbox, 1-posting batch', url: path, payload: body(1) },
      { name: 'sandbox, 100-posting batch', url: path, payload: body(100) },
    ];
    const tallies = targets.map((): Tally => ({ requests: 0, seconds: 0, samples: [] }));
    // A short warm-up of each target, so JIT and the token cache are not part of the measurement.
    for (const t of targets) await measure(t, Math.min(1, duration), { requests: 0, seconds: 0, samples: [] });
    // Rounds alternate the targets, so a neighbour's burst of load on this machine hits all of them alike.
    for (let round = 0; round < rounds; round++) {
      for (const [i, t] of targets.entries()) await measure(t, duration, tallies[i]!);
    }
    const rows: Row[] = targets.map((t, i) => {
      const { requests, seconds, samples } = tallies[i]!;
      samples.sort((a, b) => a - b);
      return { name: t.name, rps: requests / seconds, p50: percentile(samples, 50), p99: percentile(samples, 99) };
    });
    const base = rows[0]!;
    const goal = rows[1]!.rps / base.rps >= 0.5;
    const markdown = [
      `Sandbox benchmark: autocannon, ${connections} connections, ${rounds} rounds × ${duration} s per target, validateOnly batches, ${new Date().toISOString()}; ${machine()}`,
      '',
      '| target | req/s | req/s vs bare | p50 ms | p50 vs bare | p99 ms | p99 vs bare |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.rps.toFixed(0)} | ${pct(r.rps / base.rps)} | ${r.p50.toFixed(2)} | ${times(r.p50 / base.p50)} | ${r.p99.toFixed(2)} | ${times(r.p99 / base.p99)} |`,
      ),
      '',
      `Goal (1-posting batch at >= 50% of the bare server's req/s): ${goal ? 'met' : 'NOT met'} (${pct(rows[1]!.rps / base.rps)})`,
      '',
    ].join('\n');
    const worst = await worstCase(sandbox, `${sandbox.url}/clients/2218/autopostings/payment`, headers);
    console.log(`\n${markdown}\n${worst}`);
    console.log(`written to ${writeReport('bench-sandbox.md', `${markdown}\n${worst}`)}`);
  } finally {
    bare.child.kill();
    sandbox.child.kill();
  }
}

/** Malformed bodies just under 1 MiB, each the worst of its kind for parsing or validation. */
function worstBodies(): Array<{ name: string; body: string }> {
  const limit = 1024 * 1024 - 256;
  const fill = (unit: (i: number) => string): string => {
    const parts: string[] = [];
    for (let i = 0, n = 0; n + unit(i).length + 1 < limit; i++) {
      parts.push(unit(i));
      n += parts[i]!.length + 1;
    }
    return parts.join(',');
  };
  const posting = '{"arItemId":"2218-500002-35078-0","currency":"NOK","currencyAmount":1.25,"voucherDate":"2025-07-16"}';
  const keysPerPosting = Math.floor(limit / 1000 / 9);
  return [
    {
      name: '1 MiB of empty postings (over the 1000 limit)',
      body: `{"metadata":{"userId":"u"},"postings":[${fill(() => '{}').slice(0, limit - 60)}]}`,
    },
    {
      name: '1 MiB of unknown keys in metadata',
      body: `{"metadata":{"userId":"u",${fill((i) => `"k${i}":0`)
        .slice(0, limit - 200)
        .replace(/,[^,]*$/, '')}},"postings":[${posting}]}`,
    },
    {
      name: '1000 postings full of unknown keys',
      body: `{"metadata":{"userId":"u"},"postings":[${Array.from({ length: 1000 }, () => `{${Array.from({ length: keysPerPosting }, (_, i) => `"k${i}":0`).join(',')}}`).join(',')}]}`,
    },
    {
      name: '1 MiB array of numbers in an unknown field',
      body: `{"metadata":{"userId":"u"},"x":[${fill(() => '0')
        .slice(0, limit - 200)
        .replace(/,$/, '')}],"postings":[${posting}]}`,
    },
    {
      name: '1000 postings, every field wrong',
      body: `{"metadata":{"userId":"u"},"postings":[${Array(1000).fill('{"arItemId":"x","currency":"1","currencyAmount":1e-9,"voucherDate":"x","dueDate":"x","validateOnly":null,"suppressWarnings":""}').join(',')}]}`,
    },
  ];
}

/**
 * The worst-case requests, one at a time, each with a small normal request sent alongside: the
 * latency of both and the sandbox's CPU time for the pair, against the small request alone,
 * measured in the same run.
 */
async function worstCase(sandbox: { child: ChildProcess }, url: string, headers: Record<string, string>): Promise<string> {
  const rounds = envNumber('BENCH_WORST_ROUNDS', 5);
  const cpu = () =>
    new Promise<number>((resolve) => {
      sandbox.child.once('message', (m) => {
        const c = (m as { cpu: NodeJS.CpuUsage }).cpu;
        resolve((c.user + c.system) / 1000);
      });
      sandbox.child.send('cpu');
    });
  const send = async (payload: string, want: number): Promise<number> => {
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(30_000) });
    await res.text();
    if (res.status !== want) throw new Error(`worst case: expected ${want}, got ${res.status}`);
    return performance.now() - started;
  };
  const normal = body(1);
  const alone: number[] = [];
  for (let i = 0; i < 20; i++) alone.push(await send(normal, 200));
  alone.sort((a, b) => a - b);
  const base = percentile(alone, 50);
  const lines = [
    `Worst-case requests (malformed, under 1 MiB), ${rounds} rounds each, each sent with one normal 1-posting request alongside; ` +
      `the normal request alone: p50 ${base.toFixed(2)} ms. CPU = the sandbox process's CPU time for the pair.`,
    '',
    '| request | size KiB | p50 ms | max ms | max vs normal | normal alongside, max ms | alongside vs normal | sandbox CPU max ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  let worstCpu = 0;
  for (const { name, body: payload } of worstBodies()) {
    const own: number[] = [];
    const beside: number[] = [];
    const cpus: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const before = await cpu();
      const [a, b] = await Promise.all([send(payload, 400), send(normal, 200)]);
      cpus.push((await cpu()) - before);
      own.push(a);
      beside.push(b);
    }
    own.sort((a, b) => a - b);
    const maxCpu = Math.max(...cpus);
    worstCpu = Math.max(worstCpu, maxCpu);
    lines.push(
      `| ${name} | ${(Buffer.byteLength(payload) / 1024).toFixed(0)} | ${percentile(own, 50).toFixed(1)} | ${own.at(-1)!.toFixed(1)} | ${times(own.at(-1)! / base)} | ` +
        `${Math.max(...beside).toFixed(1)} | ${times(Math.max(...beside) / base)} | ${maxCpu.toFixed(1)} |`,
    );
  }
  lines.push(
    '',
    `Goal (no request under 1 MiB takes more than 100 ms of the sandbox's CPU): ${worstCpu <= 100 ? 'met' : 'NOT met'} (worst ${worstCpu.toFixed(1)} ms, ${machine()})`,
    '',
  );
  return lines.join('\n');
}
