// The read-back (GET AR item): it must show every committed posting, and nothing else changes it.
import { bendReadBack, fault } from '../combinators.js';

export const readBackFaults = [
  fault({
    name: 'readback-stale-cache',
    description: 'The AR item read-back is served from a cache filled at the first read and never invalidated.',
    breaks: 'COMMIT-EFFECT',
    handle: bendReadBack((res, route, ctx) => {
      if (res.status !== 200) return undefined;
      const key = `item:${route.clientno}:${route.arItemId}`;
      if (!ctx.memory.has(key)) ctx.memory.set(key, res.body);
      return { status: 200, body: ctx.memory.get(key) };
    }),
  }),
  fault({
    name: 'readback-read-timestamp',
    description: 'The read-back carries the time of the read (lastReadAt), so an unchanged item looks different at every read.',
    breaks: 'COMMIT-EFFECT',
    alsoBreaks: ['VALIDATE-ONLY-BATCH'],
    handle: bendReadBack((res) => {
      if (res.status !== 200 || res.body === null || typeof res.body !== 'object') return undefined;
      res.body.lastReadAt = new Date().toISOString();
      return res;
    }),
  }),
];
