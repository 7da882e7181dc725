// npm run faults -- --port=N --fault=NAME (flags: src/cli/commands.ts): starts the sandbox behind a fault proxy on 127.0.0.1:N.
// Without --fault the proxy forwards unchanged (the correct target). --list prints the catalogue.
import { fail, parseCommand } from '../src/cli/args.js';
import { faultsCommand } from '../src/cli/commands.js';
import { catalogue, faultByName } from '../src/faults/catalogue.js';
import { startFaultProxy } from '../src/faults/proxy.js';
import { endOnSignal } from '../src/runner/signals.js';

const values = parseCommand(faultsCommand);

if (values.list) {
  for (const f of catalogue) console.log(`${f.name.padEnd(36)} ${f.breaks.padEnd(26)} ${f.description}`);
  process.exit(0);
}

const port = Number(values.port);
if (!/^\d+$/.test(values.port) || port > 65535) fail(faultsCommand, `--port must be an integer 0..65535, got ${values.port}`);
let fault: ReturnType<typeof faultByName> | undefined;
try {
  fault = values.fault ? faultByName(values.fault) : undefined;
} catch (error) {
  fail(faultsCommand, (error as Error).message);
}

const proxy = await startFaultProxy({ fault, port, host: values.host });
// As the sandbox command: a cancel (or the loss of its parent) ends it at once; exiting closes the
// listening socket and every connection with it. Set before the ready line, which invites requests.
endOnSignal(
  (why) => console.error(`arm fault proxy: ${why}, stopped`),
  (code) => process.exit(code === 130 || code === 143 ? 0 : code),
);
console.log(
  `arm fault proxy listening on ${proxy.url} (fault: ${fault ? `${fault.name}, breaks ${fault.breaks}` : 'none, forwards unchanged'}; sandbox behind it)`,
);
