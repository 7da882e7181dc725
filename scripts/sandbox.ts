// npm run sandbox -- [--port=N] [--host=H] [--help]: starts the embedded sandbox and prints one ready line.
// Also `arm-contract sandbox` (src/cli/arm-contract.ts). Flags: src/cli/commands.ts.
import { fail, parseCommand } from '../src/cli/args.js';
import { sandboxCommand } from '../src/cli/commands.js';
import { startSandbox } from '../src/sandbox/index.js';
import { FIXTURE_CLIENTS } from '../src/sandbox/fixtures.js';

const values = parseCommand(sandboxCommand);
const port = Number(values.port);
if (!/^\d+$/.test(values.port) || port > 65535) fail(sandboxCommand, `--port must be an integer 0..65535, got ${values.port}`);
const sandbox = await startSandbox({ port, host: values.host });
console.log(`arm sandbox listening on ${sandbox.url} (fixtures: client ${FIXTURE_CLIENTS.join(', ')}; token: POST /token)`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  sandbox.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
