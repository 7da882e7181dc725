// A 127.0.0.1 proxy that answers every request correctly but late, in front of a fresh sandbox: a
// slow target that is not a faulty one (npm run bench:suite; the slow-target self test). It is the
// fault proxy (proxy.ts) with a "fault" that only waits and forwards, so the project keeps one proxy.
import { setTimeout as sleep } from 'node:timers/promises';
import { startFaultProxy, type RunningFaultProxy } from './proxy.js';
import type { ProxyBehaviour } from './types.js';

export function latencyFault(ms: number): ProxyBehaviour {
  return {
    name: `latency-${ms}ms`,
    description: `answers every request as the sandbox does, ${ms} ms late`,
    async handle(req, ctx) {
      await sleep(ms);
      return ctx.forward(req);
    },
  };
}

export function startLatencyProxy(ms: number): Promise<RunningFaultProxy> {
  return startFaultProxy({ fault: latencyFault(ms) });
}
