// npm run --silent sandbox:token -- --clients=2218[,9999] [--expires-in=SECONDS] [--help]: prints one JWT.
// Also `arm-contract token` (src/cli/arm-contract.ts). Flags: src/cli/commands.ts.
import { fail, parseCommand } from '../src/cli/args.js';
import { tokenCommand } from '../src/cli/commands.js';
import { mintToken } from '../src/sandbox/index.js';

const values = parseCommand(tokenCommand);
const clients = values.clients.split(',').map((c) => Number(c.trim()));
const expiresIn = Number(values['expires-in']);
if (!clients.length || !clients.every((c) => Number.isSafeInteger(c) && c > 0)) {
  fail(tokenCommand, `--clients must be a comma-separated list of positive client numbers, got ${values.clients}`);
}
if (!Number.isInteger(expiresIn)) fail(tokenCommand, `--expires-in must be an integer number of seconds, got ${values['expires-in']}`);
const token = await mintToken({ clients, expiresInSeconds: expiresIn }).catch((e: Error) => {
  console.error(e.message); // e.g. SANDBOX_JWT_SECRET set but empty: one line, no stack
  process.exit(2);
});
console.log(token);
