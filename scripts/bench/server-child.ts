// A server in a child process of its own (so the load generator or the fuzz does not share its event
// loop), for bench:sandbox and fuzz: the sandbox, metering each request's CPU time, or a bare
// node:http server answering fixed JSON. The parent forks this file and talks to it over IPC:
// `{ url }` once listening; 'cpu' -> the process's CPU time; 'meter' -> the sandbox's per-request
// CPU records since the last ask.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

export type ServerKind = 'sandbox' | 'bare';

export interface CpuRecord {
  /** Process CPU time from the request's arrival to the end of its answer. */
  ms: number;
  /** No other request was in flight meanwhile: the time is this request's own. */
  alone: boolean;
  /** The request's `x-request-tag` header (what the sender called it), else method and path. */
  tag: string;
}

export interface ServerChild {
  child: ChildProcess;
  url: string;
  /** The child process's CPU time so far, ms. */
  cpu(): Promise<number>;
  /** The per-request CPU records since the last call (sandbox only). */
  meter(): Promise<CpuRecord[]>;
}

const self = fileURLToPath(import.meta.url);

if (process.argv[1] === self && process.send) await serve(process.argv[2] === 'bare' ? 'bare' : 'sandbox');

async function serve(kind: ServerKind): Promise<void> {
  let records: CpuRecord[] = [];
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
    const tagOf = (req: { headers: Record<string, unknown>; method?: string; url?: string }) =>
      String(req.headers['x-request-tag'] ?? `${req.method} ${req.url}`);
    url = (await startSandbox({ onRequestCpu: (ms, alone, req) => records.push({ ms, alone, tag: tagOf(req) }) })).url;
  }
  process.on('message', (m) => {
    if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
    if (m === 'meter') {
      process.send!({ meter: records });
      records = [];
    }
  });
  process.send!({ url });
  process.on('disconnect', () => process.exit(0));
}

/** Forks the server and waits (at most 30 s) until it listens. */
export function forkServer(kind: ServerKind): Promise<ServerChild> {
  const child = fork(self, [kind], { execArgv: process.execArgv, stdio: 'inherit' });
  const ask = <T>(what: 'cpu' | 'meter', pick: (m: any) => T): Promise<T> =>
    new Promise((resolve) => {
      const on = (m: any): void => {
        if (m && what in m) {
          child.off('message', on);
          resolve(pick(m));
        }
      };
      child.on('message', on);
      child.send(what);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start in 30 s`)), 30_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve({
        child,
        url: (m as { url: string }).url,
        cpu: () => ask('cpu', (c: { cpu: NodeJS.CpuUsage }) => (c.cpu.user + c.cpu.system) / 1000),
        meter: () => ask('meter', (c: { meter: CpuRecord[] }) => c.meter),
      });
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}
