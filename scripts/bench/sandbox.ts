// npm run bench:sandbox: throughput and latency of the sandbox against a bare node:http server
// returning a fixed JSON answer, measured in the same run with autocannon and the same settings.
// Each server runs in its own child process, so the load generator does not share its event loop.
// The bare server is sent the same 1-posting request. Batches are validateOnly: every check runs, nothing drains, so every request does the same work.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface Histogram { p50: number; p99: number; average: number }
interface Result { requests: Histogram & { average: number }; latency: Histogram; non2xx: number; errors: number; timeouts: number }
type Autocannon = (opts: Record<string, unknown>) => Promise<Result>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values } = parseArgs({
  options: {
    serve: { type: 'string' },
    duration: { type: 'string', default: process.env.BENCH_DURATION ?? '5' },
    connections: { type: 'string', default: process.env.BENCH_CONNECTIONS ?? '10' },
  },
  strict: true,
});

if (values.serve) {
  await serve(values.serve);
} else {
  await main();
}

/** Child: start one server on an ephemeral port and tell the parent where. */
async function serve(kind: string): Promise<void> {
  let url: string;
  if (kind === 'bare') {
    const answer = JSON.stringify({ status: 'PROCESSED', result: 'VALIDATED', message: 'fixed answer', clientNo: 2218, autoPostings: [] });
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
  process.send!({ url });
  process.on('disconnect', () => process.exit(0));
}

function startChild(kind: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(import.meta.url), [`--serve=${kind}`], { execArgv: process.execArgv, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start in 30 s`)), 30_000);
    child.once('message', (m) => { clearTimeout(timer); resolve({ child, url: (m as { url: string }).url }); });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function body(postings: number): string {
  const items = ['2218-500002-35079-0', '2218-500006-35083-0', '2218-500007-35084-0', '2218-500008-35085-0'];
  return JSON.stringify({
    metadata: { userId: 'bench', validateOnly: true },
    postings: Array.from({ length: postings }, (_, i) => ({
      arItemId: items[i % items.length], currency: 'NOK', currencyAmount: 1.25, voucherDate: '2025-07-16',
    })),
  });
}

async function main(): Promise<void> {
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const { mintToken } = await import('../../src/sandbox/index.js');
  const token = await mintToken({ clients: [2218] });
  const bare = await startChild('bare');
  const sandbox = await startChild('sandbox');
  const run = async (name: string, url: string, payload: string): Promise<{ name: string; r: Result }> => {
    const r = await autocannon({
      url,
      connections,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: payload,
    });
    if (r.non2xx || r.errors || r.timeouts) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
    return { name, r };
  };
  try {
    const path = `${sandbox.url}/clients/2218/autopostings/payment`;
    // A short warm-up so JIT and the token cache are not part of the measurement.
    await autocannon({ url: path, connections, duration: 1, method: 'POST', body: body(1), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
    const base = await run('bare node:http (fixed JSON)', bare.url, body(1));
    const one = await run('sandbox, 1-posting batch', path, body(1));
    const hundred = await run('sandbox, 100-posting batch', path, body(100));
    const rows = [base, one, hundred].map(({ name, r }) => ({
      name,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      ratio: r.requests.average / base.r.requests.average,
    }));
    console.log(`\nSandbox benchmark: autocannon, ${connections} connections, ${duration} s each, validateOnly batches\n`);
    console.log('| target | req/s | p50 ms | p99 ms | req/s vs bare |');
    console.log('|---|---:|---:|---:|---:|');
    for (const row of rows) {
      console.log(`| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${(row.ratio * 100).toFixed(0)}% |`);
    }
    const goal = rows[1]!.ratio >= 0.5;
    console.log(`\nGoal (1-posting batch at >= 50% of bare): ${goal ? 'met' : 'NOT met'}`);
  } finally {
    bare.child.kill();
    sandbox.child.kill();
  }
}
