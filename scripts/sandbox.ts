// npm run sandbox -- [--port=N] [--host=H] [--help]: starts the embedded sandbox and prints one ready line.
// SIGINT/SIGTERM (also to npm) or the loss of its parent stops it: it never keeps listening.
// Also `arm-contract sandbox` (src/cli/arm-contract.ts). Flags: src/cli/commands.ts.
import { fail, parseCommand } from '../src/cli/args.js';
import { sandboxCommand } from '../src/cli/commands.js';
import { startSandbox } from '../src/sandbox/index.js';
import { FIXTURE_CLIENTS } from '../src/sandbox/fixtures.js';
import { endOnSignal } from '../src/runner/signals.js';

const values = parseCommand(sandboxCommand);
const port = Number(values.port);
if (!/^\d+$/.test(values.port) || port > 65535) fail(sandboxCommand, `--port must be an integer 0..65535, got ${values.port}`);
// A set-up problem (port taken, bad secret) is one line and a non-zero exit, never a stack trace.
const sandbox = await startSandbox({ port, host: values.host }).catch((e: NodeJS.ErrnoException) => {
  const why =
    e.code === 'EADDRINUSE'
      ? `port ${port} on ${values.host} is already in use: stop what listens there or choose another --port`
      : e.code === 'EADDRNOTAVAIL'
        ? `cannot listen on ${values.host}: no such local address (--host)`
        : e.message;
  console.error(`arm sandbox: ${why}`);
  process.exit(1);
});
// Exiting closes the listening socket and every connection with it; waiting for keep-alive clients
// to go away could take minutes.
endOnSignal(
  (why) => console.error(`arm sandbox: ${why}, stopped`),
  (code) => process.exit(code === 130 || code === 143 ? 0 : code),
);
console.log(`arm sandbox listening on ${sandbox.url} (fixtures: client ${FIXTURE_CLIENTS.join(', ')}; token: POST /token)`);
