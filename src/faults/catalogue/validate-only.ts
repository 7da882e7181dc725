// validateOnly, at batch level and on any one posting: a dry run that runs every check and changes nothing.
import { bendPostRequest, bendPostResponse, fault, hasResults, isValidateOnly, postingsOf, sendBehindTheBack } from '../combinators.js';
import { jsonOf, routeOf } from '../proxy-message.js';

function withoutValidateOnly(body: any): any {
  const copy = structuredClone(body);
  if (copy.metadata && typeof copy.metadata === 'object') delete copy.metadata.validateOnly;
  for (const p of postingsOf(copy)) delete p.validateOnly;
  return copy;
}

export const validateOnlyFaults = [
  fault({
    name: 'posting-validate-only-ignored',
    description: 'validateOnly on a posting is ignored: only metadata.validateOnly makes a dry run, so the batch commits.',
    breaks: 'VALIDATE-ONLY-ANY-POSTING',
    handle: bendPostRequest((body) => {
      for (const p of postingsOf(body)) delete p.validateOnly;
      return body;
    }),
  }),
  fault({
    name: 'dry-run-commits',
    description: 'A validate-only batch answers 200 VALIDATED but really commits its postings.',
    breaks: 'VALIDATE-ONLY-BATCH',
    // The sandbox's correct VALIDATED answer is returned; the same batch without the flags is then
    // committed behind the client's back.
    async handle(req, ctx) {
      const res = await ctx.forward(req);
      const body = jsonOf(req.body);
      if (routeOf(req).kind === 'post' && res.status === 200 && isValidateOnly(body)) {
        await sendBehindTheBack(req, ctx, withoutValidateOnly(body));
      }
      return res;
    },
  }),
  fault({
    name: 'dry-run-says-created',
    description: 'A validate-only batch commits nothing but answers result CREATED instead of VALIDATED.',
    breaks: 'VALIDATE-ONLY-BATCH',
    handle: bendPostResponse((res) => {
      if (res.status !== 200 || res.body?.result !== 'VALIDATED' || !hasResults(res.body)) return undefined;
      res.body.result = 'CREATED';
      for (const r of res.body.autoPostings) if (r?.result === 'VALIDATED') r.result = 'CREATED';
      return res;
    }),
  }),
  fault({
    name: 'dry-run-skips-rules',
    description: 'A validate-only batch only checks the schema: a batch that breaks a business rule is answered 200 VALIDATED.',
    breaks: 'VALIDATE-ONLY-BATCH',
    alsoBreaks: ['OVERPAYMENT-WARNING', 'LIMITS-INCLUSIVE'],
    handle: bendPostResponse((res, req) => {
      if (res.status !== 400 || !hasResults(res.body) || !isValidateOnly(req.body)) return undefined;
      return {
        status: 200,
        body: {
          status: 'PROCESSED',
          result: 'VALIDATED',
          message: 'Posting(s) validated, nothing posted',
          clientNo: res.body.clientNo,
          autoPostings: res.body.autoPostings.map((r: any) => ({
            arItemId: r.arItemId,
            result: 'VALIDATED',
            resultType: 'OK',
            message: 'Posting validated',
          })),
        },
      };
    }),
  }),
];
