// Warnings: they fail their posting unless suppressed, at batch level (all) or posting level (its own).
import { bendPostRequest, fault, postingsOf, relabelResults } from '../combinators.js';

export const warningFaults = [
  fault({
    name: 'warnings-never-reject',
    description: 'Warnings never fail a posting: every batch behaves as if metadata.suppressWarnings were true.',
    breaks: 'WARNINGS-REJECT',
    alsoBreaks: ['BATCH-REJECTED-400'],
    handle: bendPostRequest((body) => {
      if (body.metadata && typeof body.metadata === 'object') body.metadata.suppressWarnings = true;
      return body;
    }),
  }),
  fault({
    name: 'batch-suppress-ignored',
    description: 'metadata.suppressWarnings is ignored: a warning fails the batch anyway.',
    breaks: 'SUPPRESS-WARNINGS-BATCH',
    handle: bendPostRequest((body) => {
      if (body.metadata && typeof body.metadata === 'object') delete body.metadata.suppressWarnings;
      return body;
    }),
  }),
  fault({
    name: 'posting-suppress-ignored',
    description: "A posting's own suppressWarnings is ignored: its warning fails the batch anyway.",
    breaks: 'SUPPRESS-WARNINGS-POSTING',
    handle: bendPostRequest((body) => {
      for (const p of postingsOf(body)) delete p.suppressWarnings;
      return body;
    }),
  }),
  fault({
    name: 'posting-suppress-applies-to-batch',
    description: "One posting's suppressWarnings suppresses the warnings of every posting in the batch.",
    breaks: 'SUPPRESS-WARNINGS-POSTING',
    alsoBreaks: ['BATCH-REJECTED-400'],
    handle: bendPostRequest((body) => {
      if (postingsOf(body).some((p) => p.suppressWarnings === true) && body.metadata && typeof body.metadata === 'object') {
        body.metadata.suppressWarnings = true;
      }
      return body;
    }),
  }),
  fault({
    name: 'suppressed-warning-marked-ok',
    description: 'A posting processed despite a suppressed warning is marked resultType OK instead of WARNING.',
    breaks: 'SUPPRESSED-WARNING-MARK',
    handle: relabelResults((res) => res.status === 200, 'resultType', 'WARNING', 'OK'),
  }),
];
