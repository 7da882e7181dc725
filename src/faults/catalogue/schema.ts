// Response schema drift: the answer's status may be right while its body or content type is not.
import { bendPostResponse, bendReadBack, fault, hasResults, relabelResults } from '../combinators.js';
import { isArmCall } from '../proxy-message.js';

export const schemaFaults = [
  fault({
    name: 'clientno-as-string',
    description: 'clientNo is sent as a string ("2218") instead of an integer.',
    breaks: 'RESPONSE-SCHEMA',
    handle: bendPostResponse((res) => {
      if (typeof res.body?.clientNo !== 'number') return undefined;
      res.body.clientNo = String(res.body.clientNo);
      return res;
    }),
  }),
  fault({
    name: 'autopostings-renamed',
    description: 'The per-posting results are sent under "postings" instead of "autoPostings".',
    breaks: 'RESPONSE-SCHEMA',
    handle: bendPostResponse((res) => {
      if (!hasResults(res.body)) return undefined;
      const { autoPostings, ...rest } = res.body as { autoPostings: unknown[] };
      return { status: res.status, body: { ...rest, postings: autoPostings } };
    }),
  }),
  fault({
    name: 'resulttype-enum-success',
    description: 'A successful posting has resultType "SUCCESS" instead of "OK" (an enum changed).',
    breaks: 'RESPONSE-SCHEMA',
    handle: relabelResults(() => true, 'resultType', 'OK', 'SUCCESS'),
  }),
  fault({
    name: 'message-missing',
    description: 'The batch-level message is left out of 200 and rejected-batch 400 answers.',
    breaks: 'RESPONSE-SCHEMA',
    handle: bendPostResponse((res) => {
      if (!hasResults(res.body)) return undefined;
      delete (res.body as { message?: unknown }).message;
      return res;
    }),
  }),
  fault({
    name: 'content-type-text-plain',
    description: 'Every answer carries the right JSON but says Content-Type: text/plain.',
    breaks: 'RESPONSE-SCHEMA',
    async handle(req, ctx) {
      const res = await ctx.forward(req);
      return isArmCall(req) ? { ...res, headers: { ...res.headers, 'content-type': 'text/plain; charset=utf-8' } } : res;
    },
  }),
  fault({
    name: 'readback-amount-as-string',
    description: 'The AR item read-back sends openAmount as a formatted string ("1000.00").',
    breaks: 'RESPONSE-SCHEMA',
    handle: bendReadBack((res) => {
      if (res.status !== 200 || typeof res.body?.openAmount !== 'number') return undefined;
      res.body.openAmount = res.body.openAmount.toFixed(2);
      return res;
    }),
  }),
];
