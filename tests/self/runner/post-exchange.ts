// A POST to the AutoPostings endpoint as the exchange layer hands it to the checks, answered with
// `status` and a JSON `body`: for tests of the checks without a target.
import type { Exchange } from '../../../src/client/exchange.js';

export function postAnswered(status: number, body: unknown): Exchange {
  return {
    request: { operationId: 'createAutoPostings', method: 'POST', path: '/clients/2218/autopostings/payment', url: 'http://127.0.0.1:1/x' },
    status,
    contentType: 'application/json',
    body,
    json: true,
    text: JSON.stringify(body),
    retries: 0,
  } as Exchange;
}
