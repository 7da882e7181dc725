// npm run --silent sandbox:token -- --clients=2218[,9999] [--expires-in=SECONDS]: prints one JWT.
import { parseArgs } from 'node:util';
import { mintToken } from '../src/sandbox/index.js';

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '2218' }, 'expires-in': { type: 'string', default: '3600' } },
  strict: true,
  allowNegative: false,
});
const clients = values.clients.split(',').map((c) => Number(c.trim()));
const expiresIn = Number(values['expires-in']);
if (!clients.length || !clients.every((c) => Number.isSafeInteger(c) && c > 0)) {
  console.error(`--clients must be a comma-separated list of positive client numbers, got ${values.clients}`);
  process.exit(2);
}
if (!Number.isInteger(expiresIn)) {
  console.error(`--expires-in must be an integer number of seconds, got ${values['expires-in']}`);
  process.exit(2);
}
const token = await mintToken({ clients, expiresInSeconds: expiresIn }).catch((e: Error) => {
  console.error(e.message); // e.g. SANDBOX_JWT_SECRET set but empty: one line, no stack
  process.exit(2);
});
console.log(token);
