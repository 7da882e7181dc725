// The grant sweep (src/runner/dimensions.ts, 'token order'): grants belong to each token, not to its
// subject. Two tokens of one subject (tokens.multiClient, granting clientNo and foreignClientNo, and
// tokens.sameSubjectFewerClients, granting clientNo only) are used on foreignClientNo one after the
// other in either order and at once: the multi-client token is served every time, the other refused.
// A server that caches grants by subject gives the second token the first one's. Dry runs.
import { batchProcessed, clientNoEchoes, statusIs } from '../../src/oracle/checks.js';
import type { Exchange } from '../../src/client/exchange.js';
import { describeValues, DIMENSIONS, type ValueOf } from '../../src/runner/dimensions.js';
import { suite, table, useTarget } from '../../src/runner/harness.js';
import { authorization, client, item } from '../../src/runner/roles.js';

const t = useTarget();
type Order = ValueOf<'token order'>;

/** Sends the two requests in the row's order (each once); the answers in the order [wider, narrower]. */
async function inOrder(order: Order, wider: () => Promise<Exchange>, narrower: () => Promise<Exchange>): Promise<[Exchange, Exchange]> {
  if (order === 'at once') return Promise.all([wider(), narrower()]);
  if (order === 'wider grant first') {
    const w = await wider();
    return [w, await narrower()];
  }
  const n = await narrower();
  return [await wider(), n];
}

suite('the grant sweep: two tokens of one subject with different grants', () => {
  table(
    DIMENSIONS['token order'].values,
    {
      rule: 'MULTI-CLIENT-TOKEN',
      checks: ['AUTH-REFUSAL-403', 'CLIENTNO-ECHO'],
      dimensions: (order) => ({ 'token order': order }),
      name: (order) =>
        `MULTI-CLIENT-TOKEN: ${describeValues({ 'token order': order })} → on foreignClientNo the multi-client token is served (200 VALIDATED), the same subject's narrower token refused (403)`,
    },
    async (order, ctx) => {
      const foreign = client(t, 'foreign', ctx);
      const batch = t.dryBatch([t.posting(item(t, 'foreign', ctx))]);
      const wide = await authorization(t, { token: 'multi-client' }, ctx);
      const narrow = await authorization(t, { token: 'same-subject-fewer-clients' }, ctx);
      const send = (auth: string | null) => () => t.post(batch, { clientNo: foreign, authorization: auth });
      const [w, n] = await inOrder(order, send(wide), send(narrow));
      batchProcessed(w, 'VALIDATED', 'MULTI-CLIENT-TOKEN');
      clientNoEchoes(w, foreign);
      statusIs(n, 403, 'AUTH-REFUSAL-403');
    },
  );
});
