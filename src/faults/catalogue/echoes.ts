// What the answer echoes: one result per posting in request order, each with its arItemId, and the path's clientNo.
import { bendPostResponse, fault, hasResults } from '../combinators.js';

export const echoFaults = [
  fault({
    name: 'results-reversed',
    description: 'autoPostings lists the results in reverse request order.',
    breaks: 'RESULTS-ORDER',
    handle: bendPostResponse((res) => {
      if (!hasResults(res.body)) return undefined;
      res.body.autoPostings.reverse();
      return res;
    }),
  }),
  fault({
    name: 'results-only-failures',
    description: 'A rejected batch lists only the postings that failed on their own, not the BATCH-REJECTED ones.',
    breaks: 'RESULTS-ORDER',
    handle: bendPostResponse((res) => {
      if (res.status !== 400 || !hasResults(res.body)) return undefined;
      const own = res.body.autoPostings.filter((r: any) => r?.resultType !== 'BATCH-REJECTED');
      if (own.length === 0 || own.length === res.body.autoPostings.length) return undefined;
      res.body.autoPostings = own;
      return res;
    }),
  }),
  fault({
    name: 'aritemid-without-client-prefix',
    description: 'Each result echoes the AR item id without its client-number prefix (500002-35078-0).',
    breaks: 'RESULTS-ORDER',
    handle: bendPostResponse((res) => {
      if (!hasResults(res.body)) return undefined;
      for (const r of res.body.autoPostings) if (typeof r?.arItemId === 'string') r.arItemId = r.arItemId.replace(/^[0-9]+-/, '');
      return res;
    }),
  }),
  fault({
    name: 'clientno-not-echoed',
    description: 'clientNo is a configured default (1) instead of the clientno of the path.',
    breaks: 'CLIENTNO-ECHO',
    handle: bendPostResponse((res) => {
      if (typeof res.body?.clientNo !== 'number') return undefined;
      res.body.clientNo = 1;
      return res;
    }),
  }),
];
