// npm run faults -- --port=N --fault=NAME   starts the sandbox behind a fault proxy on 127.0.0.1:N.
// Without --fault the proxy forwards unchanged (the correct target). --list prints the catalogue.
import { parseArgs } from 'node:util';
import { catalogue, faultByName } from '../src/faults/catalogue.js';
import { startFaultProxy } from '../src/faults/proxy.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    fault: { type: 'string' },
    list: { type: 'boolean', default: false },
  },
});

if (values.list) {
  for (const f of catalogue) console.log(`${f.name.padEnd(36)} ${f.breaks.padEnd(26)} ${f.description}`);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer 0..65535, got '${values.port}'`);
  process.exit(2);
}
let fault: ReturnType<typeof faultByName> | undefined;
try {
  fault = values.fault ? faultByName(values.fault) : undefined;
} catch (error) {
  console.error(String((error as Error).message));
  process.exit(2);
}

const proxy = await startFaultProxy({ fault, port, host: values.host });
console.log(
  `arm fault proxy listening on ${proxy.url} (fault: ${fault ? `${fault.name}, breaks ${fault.breaks}` : 'none, forwards unchanged'}; sandbox behind it)`,
);
const stop = () => void proxy.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
